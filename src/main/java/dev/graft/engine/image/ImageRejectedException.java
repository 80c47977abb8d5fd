package dev.graft.engine.image;

/** An image file that cannot be used; the message is the reason shown to the user. */
public class ImageRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param reason why the file cannot be used, in words
     */
    public ImageRejectedException(String reason) {
        super(reason);
    }
}
