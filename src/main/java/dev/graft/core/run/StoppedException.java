package dev.graft.core.run;

/** Unwinds a phase of a run that was asked to stop; the run then ends as "stopped". */
public final class StoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reason why the run stops
     */
    public StoppedException(String reason) {
        super(reason, null, false, false);
    }
}
