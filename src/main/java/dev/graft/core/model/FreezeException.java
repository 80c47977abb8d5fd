package dev.graft.core.model;

/** A freeze choice that cannot be honoured; the message says why and what is possible. */
public class FreezeException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the reason
     */
    public FreezeException(String message) {
        super(message);
    }
}
