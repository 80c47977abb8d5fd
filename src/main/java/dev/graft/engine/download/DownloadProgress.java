package dev.graft.engine.download;

/**
 * One progress report of a download.
 *
 * @param id what is downloaded (a catalogue or dataset id)
 * @param bytes bytes received so far
 * @param totalBytes bytes to download (from the zoo's metadata)
 * @param bytesPerSecond recent speed
 * @param etaSeconds estimated seconds left, or -1 while unknown
 * @param done true for the last report of a finished download
 */
public record DownloadProgress(String id, long bytes, long totalBytes, double bytesPerSecond, double etaSeconds,
        boolean done) {

    /** @return fraction done in [0, 1], or -1 when the total is unknown */
    public double fraction() {
        return totalBytes <= 0 ? -1 : Math.min(1.0, (double) bytes / totalBytes);
    }

    /** @return e.g. "12.3 of 43.5 MB · 4.1 MB/s · 8 s left" */
    public String describe() {
        String eta = etaSeconds < 0 ? "" : " · " + dev.graft.core.util.Durations.format(etaSeconds) + " left";
        return Sizes.format(bytes) + " of " + Sizes.format(totalBytes) + " · " + Sizes.format((long) bytesPerSecond)
                + "/s" + (done ? "" : eta);
    }
}
