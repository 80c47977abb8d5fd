package dev.graft.engine.download;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Why a transfer from DJL's repository failed, in words a user can act on (no network, not found,
 * damaged in transit, no disk space), and the disk-space check made before one starts. Shared by
 * the model zoo's and the datasets' downloads.
 */
public final class TransferFailures {

    private TransferFailures() {}

    /**
     * Refuses a download the disk has no room for.
     *
     * @param dir the folder that will receive it
     * @param needed bytes that must be free (download plus what is unpacked from it)
     * @param hint what the user can do besides freeing space
     * @throws IOException if there is not enough space, with how much is free and needed
     */
    public static void requireSpace(Path dir, long needed, String hint) throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        long withMargin = needed + (64L << 20);
        if (free < withMargin) {
            throw new IOException(String.format(Locale.ROOT, "Not enough disk space in %s: %.0f MB free, about"
                    + " %.0f MB needed. Free some space%s.", dir, free / 1e6, withMargin / 1e6,
                    hint == null || hint.isEmpty() ? "" : " or " + hint));
        }
    }

    /**
     * Why a transfer or a metadata read failed, in words: the underlying cause, named for what the
     * user can do about it.
     *
     * @param e the failure
     * @return the reason
     */
    public static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null
                || t instanceof RuntimeException && t.getCause() instanceof IOException)) {
            t = t.getCause();
        }
        String m = t.getMessage();
        String type = t.getClass().getSimpleName();
        if (t instanceof java.net.UnknownHostException) {
            return "unknown host " + m + ": no network?";
        }
        if (t instanceof java.net.ConnectException || t instanceof java.net.SocketTimeoutException) {
            return type + ": " + m;
        }
        if (t instanceof java.io.FileNotFoundException) {
            return "not found on the server: " + m;
        }
        if (t instanceof java.util.zip.ZipException || m != null && m.contains("GZIP")) {
            return "the file is damaged (" + m + "): it was corrupted in transit or on the server";
        }
        if (m != null && m.startsWith("Checksum error")) {
            return "a file failed the repository's SHA-1 check (" + m + "): it was damaged in transit or"
                    + " tampered with";
        }
        return m == null ? type : (t instanceof IOException ? m : type + ": " + m);
    }
}
