package dev.graft.core.run;

import dev.graft.core.data.DatasetException;
import dev.graft.core.model.FreezeException;

/** Turns a failure into one sentence a user can act on, and a hint of what to do. */
public final class Failures {

    private Failures() {}

    /**
     * Describes a failure.
     *
     * @param ex the failure
     * @return its most useful message
     */
    public static String describe(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof RuntimeException
                && t.getClass().getName().startsWith("java.util.concurrent"))) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = t.getClass().getSimpleName();
        }
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "file not found: " + msg;
        }
        if (t instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + msg;
        }
        if (msg.contains("No space left on device")) {
            return "the disk is full (" + msg + "); free some space and try again";
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + msg + ")";
        }
        return msg;
    }

    /**
     * What the user can do about a failure.
     *
     * @param e the failure
     * @return a hint, or null
     */
    public static String hint(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "lower --batch-size or --image-size";
        }
        if (e instanceof DatasetException) {
            return "fix the dataset folder and try again";
        }
        if (e instanceof FreezeException) {
            return "see `graft inspect --model ...` for the layer tree";
        }
        return null;
    }
}
