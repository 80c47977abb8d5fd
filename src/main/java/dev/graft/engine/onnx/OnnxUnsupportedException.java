package dev.graft.engine.onnx;

/** A model (or one of its layers) that cannot be written as ONNX; the message says why and what to do. */
public final class OnnxUnsupportedException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which model or layer, why, and what to do instead
     */
    public OnnxUnsupportedException(String message) {
        super(message);
    }
}
