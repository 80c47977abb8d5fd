package dev.graft.core.run;

/**
 * A request to stop a run, with the reason. Every long phase of a run (scan, feature caching,
 * each batch, evaluation) polls it, so a stop takes effect within a second or two wherever the
 * run is; the first reason given is the one recorded.
 */
public final class StopSignal {

    /** Reason recorded when the user (Stop, Ctrl-C, SIGTERM) asked for the stop. */
    public static final String ON_REQUEST = "stopped on request";
    /** Reason recorded when the process that started training disappeared. */
    public static final String SUPERVISOR_ENDED = "the program that started training ended (closed or killed)";

    private volatile String reason;

    /**
     * A recorded reason as it reads after "stopped": "on request" rather than "stopped (stopped on
     * request)"; other reasons as recorded.
     *
     * @param reason a recorded reason
     * @return the words for "stopped (…)"
     */
    public static String inWords(String reason) {
        return ON_REQUEST.equals(reason) ? "on request" : reason;
    }

    /**
     * Asks the run to stop.
     *
     * @param why the reason; later calls keep the first reason
     */
    public synchronized void request(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    /** @return true once a stop was requested */
    public boolean requested() {
        return reason != null;
    }

    /** @return the reason, or null when no stop was requested */
    public String reason() {
        return reason;
    }

    /**
     * Ends the current phase when a stop was requested.
     *
     * @throws StoppedException if a stop was requested
     */
    public void check() {
        if (reason != null) {
            throw new StoppedException(reason);
        }
    }
}
