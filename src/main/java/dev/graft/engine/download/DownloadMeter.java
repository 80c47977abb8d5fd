package dev.graft.engine.download;

import ai.djl.util.Progress;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * DJL's {@link Progress} for a download: DJL's repository calls {@link #increment} for every block
 * it reads. This meter turns that into {@link DownloadProgress} reports (at most ten a second, plus
 * the last one) with speed over the last few seconds and time left, and it is where a download
 * stops: a cancel request, or a server sending more than the metadata announced, throws from
 * inside DJL's read loop, and DJL's repository then deletes its temporary folder.
 */
public final class DownloadMeter implements Progress {

    private static final long REPORT_NANOS = 100_000_000L;

    private final String id;
    private final Consumer<DownloadProgress> listener;
    private final DownloadControl control;
    private final LongSupplier clock;
    private final RateWindow rate = new RateWindow();
    private long total;
    private long limit;
    private long bytes;
    private long lastReport;
    private boolean downloading;

    /**
     * A meter for one download.
     *
     * @param id what is downloaded, as the reports name it
     * @param listener receives the reports (on the downloading thread)
     * @param control cancels
     * @param clock nanosecond clock ({@code System::nanoTime}; tests pass their own)
     */
    public DownloadMeter(String id, Consumer<DownloadProgress> listener, DownloadControl control, LongSupplier clock) {
        this.id = id;
        this.listener = listener;
        this.control = control;
        this.clock = clock;
    }

    @Override
    public void reset(String message, long max, String trailingMessage) {
        // DJL resets once with "Downloading" and the metadata's total; Criteria may reset again
        // for "Loading", which Graft does not use
        if ("Downloading".equals(message)) {
            downloading = true;
            total = max;
            // a hostile or broken server must not fill the disk: allow a little slack only
            limit = max + Math.max(1 << 20, max / 20);
            bytes = 0;
            rate.clear();
            lastReport = clock.getAsLong() - REPORT_NANOS;
            report(false);
        }
    }

    @Override
    public void start(long initialProgress) {
        bytes = initialProgress;
    }

    @Override
    public void end() {
        // DJL calls end() when a stream ends and again when the download is over; the caller
        // reports completion after the checksums were checked
    }

    @Override
    public void increment(long increment) {
        if (control.cancelled()) {
            throw new CancellationException("download of " + id + " cancelled");
        }
        if (!downloading || increment <= 0) {
            return;
        }
        bytes += increment;
        if (bytes > limit) {
            throw new IllegalStateException("the server sent more than the " + total + " bytes its metadata"
                    + " announced; download stopped");
        }
        long now = clock.getAsLong();
        if (now - lastReport >= REPORT_NANOS) {
            lastReport = now;
            report(false);
        }
    }

    @Override
    public void update(long progress, String message) {
        if (downloading && progress >= 0) {
            bytes = progress;
        }
    }

    /** Sends the final report (after DJL returned and the files were verified). */
    public void finish() {
        report(true);
    }

    /** @return bytes received so far */
    public long bytes() {
        return bytes;
    }

    private void report(boolean done) {
        rate.add(clock.getAsLong(), bytes);
        listener.accept(new DownloadProgress(id, bytes, total, rate.perSecond(), done ? 0 : rate.secondsLeft(total),
                done));
    }
}
