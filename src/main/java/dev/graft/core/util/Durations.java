package dev.graft.core.util;

import java.util.Locale;

/** Formats durations for people. */
public final class Durations {

    private Durations() {}

    /**
     * A remaining or elapsed time.
     *
     * @param seconds seconds, possibly null or not finite
     * @return "0:42", "12:05" or "1:02:05"; "–" when unknown
     */
    public static String format(Double seconds) {
        if (seconds == null || !Double.isFinite(seconds) || seconds < 0) {
            return "–";
        }
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
