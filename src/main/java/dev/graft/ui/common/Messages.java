package dev.graft.ui.common;

/** Turns a failure into one sentence for the window. */
public final class Messages {

    private Messages() {}

    /**
     * Describes a failure.
     *
     * @param t the failure
     * @return its most useful message
     */
    public static String of(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && (c.getMessage() == null || c.getMessage().isBlank())) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

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
