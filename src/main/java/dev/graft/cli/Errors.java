package dev.graft.cli;

/** Turns exceptions into one line a user can act on. */
final class Errors {

    private Errors() {}

    static String describe(Throwable ex) {
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
        return msg;
    }
}
