package dev.graft.engine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The peak resident memory of another process, read from the kernel's high-water mark
 * ({@code VmHWM} in {@code /proc/PID/status}) while it runs. The mark only grows, so the last
 * reading before the process ends is its peak up to the last poll (a quarter of a second).
 */
final class PeakMemory implements AutoCloseable {

    private static final long POLL_MILLIS = 250;

    private final long pid;
    private final Thread poller;
    private volatile long peakKb = -1;

    private PeakMemory(long pid) {
        this.pid = pid;
        this.poller = new Thread(this::poll, "graft-peak-memory-" + pid);
        poller.setDaemon(true);
    }

    /**
     * Starts watching a process.
     *
     * @param pid its process id
     * @return the watcher; close it when the process has ended
     */
    static PeakMemory watch(long pid) {
        PeakMemory m = new PeakMemory(pid);
        m.poller.start();
        return m;
    }

    private void poll() {
        while (!Thread.currentThread().isInterrupted()) {
            long kb = read(pid);
            if (kb < 0) {
                return; // the process has ended
            }
            peakKb = Math.max(peakKb, kb);
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** @return the highest resident memory seen, in MB, or -1 when it could not be read (not Linux) */
    long megabytes() {
        return peakKb < 0 ? -1 : peakKb / 1024;
    }

    /**
     * A process's resident high-water mark.
     *
     * @param pid the process
     * @return kB, or -1 when it cannot be read
     */
    static long read(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        poller.interrupt();
    }
}
