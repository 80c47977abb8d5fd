package dev.graft.engine.zoo;

import ai.djl.Application;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * The transfer itself: DJL's {@link Criteria#downloadModel()} fetches a checked artifact into its
 * cache with Graft's progress meter, and its failures are put in words a user can act on (no
 * network, not found, damaged in transit, no disk space). Separate from {@link ZooDownloads}, which
 * decides whether to download at all and checks the result, because this is the only part that
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
                    + " of " + Sizes.format(bytes) + ": " + reason(e)
                    + ". Nothing partial was kept; try again.", e);
        } finally {
            lock.removeLeftovers();
        }
    }

    /**
     * Refuses a download the disk has no room for.
     *
     * @param dir the cache folder
     * @param bytes the download's size
     * @throws IOException if there is not enough space, with how much is free and needed
     */
    static void requireSpace(Path dir, long bytes) throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        // archives and .gz files are unpacked while they stream: room for twice the download
        if (free < 2 * bytes + (64L << 20)) {
            throw new IOException(String.format(Locale.ROOT, "Not enough disk space in %s: %.0f MB free, about"
                    + " %.0f MB needed. Free some space or set DJL_CACHE_DIR to a larger disk.", dir, free / 1e6,
                    (2 * bytes + (64L << 20)) / 1e6));
        }
    }

    /**
     * Why a transfer or a metadata read failed, in words: the underlying cause, named for what the
     * user can do about it.
     *
     * @param e the failure
     * @return the reason
     */
    static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null
                || t instanceof RuntimeException && t.getCause() instanceof IOException)) {
            t = t.getCause();
        }
        String m = t.getMessage();
        String type = t.getClass().getSimpleName();
        if (t instanceof java.net.UnknownHostException) {
            return "unknown host " + m + ": no network?";
        }
        if (t instanceof java.net.ConnectException || t instanceof java.net.SocketTimeoutException) {
            return type + ": " + m;
        }
        if (t instanceof java.io.FileNotFoundException) {
            return "not found on the server: " + m;
        }
        if (t instanceof java.util.zip.ZipException || m != null && m.contains("GZIP")) {
            return "the file is damaged (" + m + "): it was corrupted in transit or on the server";
        }
        if (m != null && m.startsWith("Checksum error")) {
            return "a file failed the zoo's SHA-1 check (" + m + "): it was damaged in transit or tampered with";
        }
        return m == null ? type : (t instanceof IOException ? m : type + ": " + m);
    }
}
