package dev.graft.engine.zoo;

import ai.djl.Application;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import dev.graft.engine.download.DownloadLock;
import dev.graft.engine.download.DownloadMeter;
import dev.graft.engine.download.Sizes;
import dev.graft.engine.download.TransferFailures;
import java.io.IOException;
import java.util.concurrent.CancellationException;

/**
 * The transfer itself: DJL's {@link Criteria#downloadModel()} fetches a checked artifact into its
 * cache with Graft's progress meter, and its failures are put in words a user can act on
 * ({@link TransferFailures}). Separate from {@link ZooDownloads}, which decides whether to download at all and checks the result, because this is the only part that
 * talks to the network.
 */
final class ZooTransfer {

    private ZooTransfer() {}

    /**
     * Downloads a backbone's artifact into DJL's cache; DJL checks each file's SHA-1 and moves the
     * folder into place only when every file passed.
     *
     * @param zoo the zoo
     * @param b the backbone
     * @param meter receives the progress and cancels
     * @param bytes the artifact's size, for the message
     * @param lock the artifact's lock, held: what a failed transfer left behind is removed with it
     * @throws IOException if the download fails, with the reason; nothing partial is left behind
     * @throws CancellationException if cancelled; nothing partial is left behind
     */
    static void fetch(GraftZoo zoo, ZooBackbone b, DownloadMeter meter, long bytes, DownloadLock lock)
            throws IOException {
        Criteria<Image, Classifications> criteria = Criteria.builder()
                .setTypes(Image.class, Classifications.class) // nothing is loaded: only downloaded
                .optApplication(Application.CV.IMAGE_CLASSIFICATION)
                .optModelZoo(zoo)
                .optGroupId(ZooBackbones.GROUP_ID)
                .optArtifactId(b.artifactId())
                .optFilters(b.filter())
                .optEngine("PyTorch")
                .optProgress(meter)
                .build();
        try {
            criteria.downloadModel();
        } catch (CancellationException e) {
            throw new CancellationException("Download of '" + b.id() + "' cancelled; nothing was kept.");
        } catch (ModelNotFoundException e) {
            throw new IOException("The model zoo has no artifact for '" + b.id() + "': " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new IOException("Download of '" + b.id() + "' failed after " + Sizes.format(meter.bytes())
                    + " of " + Sizes.format(bytes) + ": " + TransferFailures.reason(e)
                    + ". Nothing partial was kept; try again.", e);
        } finally {
            lock.removeLeftovers();
        }
    }
}
