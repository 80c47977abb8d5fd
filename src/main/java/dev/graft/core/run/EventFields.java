package dev.graft.core.run;

import com.google.gson.JsonObject;
import java.util.Locale;

/** Reading fields of a parsed event line, and formatting what progress displays show. */
public final class EventFields {

    private EventFields() {}

    /**
     * A number field.
     *
     * @param e the event
     * @param key field name
     * @return its value, NaN when absent or null
     */
    public static double num(JsonObject e, String key) {
        return e.has(key) && !e.get(key).isJsonNull() ? e.get(key).getAsDouble() : Double.NaN;
    }

    /**
     * A text field.
     *
     * @param e the event
     * @param key field name
     * @return its value, empty when absent or null
     */
    public static String str(JsonObject e, String key) {
        return e.has(key) && !e.get(key).isJsonNull() ? e.get(key).getAsString() : "";
    }

    /**
     * Formats a remaining time.
     *
     * @param seconds seconds, possibly not finite
     * @return "m:ss", or "?" when unknown
     */
    public static String eta(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
