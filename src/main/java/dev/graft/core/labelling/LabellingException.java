package dev.graft.core.labelling;

import java.io.IOException;

/** A labelling operation that cannot be done, with the reason in words a user can act on. */
public class LabellingException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and what to do
     */
    public LabellingException(String message) {
        super(message);
    }

    /**
     * Creates the exception.
     *
     * @param message what is wrong and what to do
     * @param cause the underlying failure
     */
    public LabellingException(String message, Throwable cause) {
        super(message, cause);
    }
}
