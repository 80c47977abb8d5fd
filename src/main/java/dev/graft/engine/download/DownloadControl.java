package dev.graft.engine.download;

/** Cancels a running download from another thread (a Cancel button, Ctrl-C). */
public final class DownloadControl {

    private volatile boolean cancelled;

    /** Asks the download to stop; it stops at its next block of data and cleans up. */
    public void cancel() {
        cancelled = true;
    }

    /** @return true once cancel was asked for */
    public boolean cancelled() {
        return cancelled;
    }
}
