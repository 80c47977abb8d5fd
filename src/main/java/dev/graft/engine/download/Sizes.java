package dev.graft.engine.download;

import java.util.Locale;

/** Byte counts in words. */
public final class Sizes {

    private Sizes() {}

    /**
     * Formats a size.
     *
     * @param bytes bytes
     * @return "31.7 kB", "43.5 MB", "1.2 GB"
     */
    public static String format(long bytes) {
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
}
