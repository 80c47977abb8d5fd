package dev.graft.engine.export;

/** An export that did not happen; the message says why and what to do. Nothing was written. */
public final class ExportException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean badInput;

    /**
     * Creates the exception.
     *
     * @param message why, for the user
     * @param badInput true when the request itself is wrong (a folder that is not empty, no model,
     *     a model that cannot be written in the format), false when writing failed
     * @param cause the underlying failure, or null
     */
    public ExportException(String message, boolean badInput, Throwable cause) {
        super(message, cause);
        this.badInput = badInput;
    }

    /** @return whether the request was wrong (the command line exits with 2) rather than the writing (1) */
    public boolean badInput() {
        return badInput;
    }
}
