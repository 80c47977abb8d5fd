package dev.graft.engine.datasets;

import dev.graft.core.util.Durations;
import dev.graft.engine.download.Sizes;
import java.util.Locale;

/**
 * One progress report of a dataset fetch: the download through DJL's repository, unpacking, then
 * writing the images as class folders.
 *
 * @param id the dataset's id
 * @param stage which step
 * @param done bytes (downloading, unpacking) or images (writing) done
 * @param total bytes or images in all, 0 while unknown
 * @param perSecond recent speed in the same unit
 * @param etaSeconds estimated seconds left in this step, -1 while unknown
 * @param what the step's object in words ("training images")
 */
public record FetchProgress(String id, Stage stage, long done, long total, double perSecond, double etaSeconds,
        String what) {

    /** The steps of a fetch. */
    public enum Stage {
        /** Bytes arrive through DJL's repository. */
        DOWNLOADING,
        /** The verified archives are unpacked (with Graft's checked extraction). */
        UNPACKING,
        /** DJL's dataset class reads a split. */
        READING,
        /** The images are written as class folders. */
        WRITING,
        /** Done: the folders are in place. */
        DONE
    }

    /** @return fraction of the step done in [0, 1], or -1 when unknown */
    public double fraction() {
        return total <= 0 ? -1 : Math.min(1.0, (double) done / total);
    }

    /** @return e.g. "Downloading: 12.3 MB of 169.6 MB · 4.1 MB/s · 30 s left" */
    public String describe() {
        String eta = etaSeconds < 0 ? "" : " · " + Durations.format(etaSeconds) + " left";
        return switch (stage) {
            case DOWNLOADING -> "Downloading: " + Sizes.format(done) + " of " + Sizes.format(total) + " · "
                    + Sizes.format((long) perSecond) + "/s" + eta;
            case UNPACKING -> "Unpacking: " + Sizes.format(done) + " of " + Sizes.format(total) + eta;
            case READING -> "Reading the " + what + " with DJL …";
            case WRITING -> String.format(Locale.ROOT, "Writing %s: %,d of %,d · %,.0f/s", what, done, total,
                    perSecond) + eta;
            case DONE -> "Done: " + what;
        };
    }
}
