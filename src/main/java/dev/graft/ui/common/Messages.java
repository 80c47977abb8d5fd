package dev.graft.ui.common;

/**
 * Numbers in the window's words. (Failures are described by {@link dev.graft.core.run.Failures}, for the
 * window and the command line alike.)
 */
public final class Messages {

    private Messages() {}

    /**
     * Formats a parameter count compactly ("1.2 M", "36.5 k", "640").
     *
     * @param n the count
     * @return the text
     */
    public static String count(long n) {
        if (n >= 1_000_000) {
            return String.format(java.util.Locale.ROOT, "%.1f M", n / 1e6);
        }
        if (n >= 10_000) {
            return String.format(java.util.Locale.ROOT, "%.1f k", n / 1e3);
        }
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
