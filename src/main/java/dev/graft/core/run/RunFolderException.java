package dev.graft.core.run;

/** A run folder cannot be used: in use, not Graft's, inside the dataset, or not writable. */
public final class RunFolderException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and what to do, in words
     */
    public RunFolderException(String message) {
        super(message);
    }
}
