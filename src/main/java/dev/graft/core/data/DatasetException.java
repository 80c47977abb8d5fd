package dev.graft.core.data;

/** A dataset folder that cannot be trained on as it is; the message says why and what to do. */
public class DatasetException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, in words a user can act on
     */
    public DatasetException(String message) {
        super(message);
    }
}
