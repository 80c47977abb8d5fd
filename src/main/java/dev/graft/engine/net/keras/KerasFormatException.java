package dev.graft.engine.net.keras;

import java.io.IOException;

/**
 * A Keras model that Graft cannot read: malformed topology or weights, a layer it does not
 * support (the message names the layer and its class), or shapes that do not fit together.
 */
public final class KerasFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, for the user
     */
    public KerasFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what is wrong, for the user
     * @param cause the underlying problem
     */
    public KerasFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
