package dev.graft.engine.net.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Typed, range-checked reads from a Keras config object. A topology is untrusted: every value a
 * layer needs is checked here, and a bad one names the field.
 */
final class Cfg {

    private Cfg() {}

    static String string(JsonObject o, String key) throws KerasFormatException {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new KerasFormatException("Expected a text field '" + key + "' in " + brief(o));
        }
        return e.getAsString();
    }

    static String optString(JsonObject o, String key, String fallback) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString() : fallback;
    }

    static JsonObject object(JsonObject o, String key) throws KerasFormatException {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonObject()) {
            throw new KerasFormatException("Expected an object '" + key + "' in " + brief(o));
        }
        return e.getAsJsonObject();
    }

    static JsonArray array(JsonObject o, String key) throws KerasFormatException {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonArray()) {
            throw new KerasFormatException("Expected a list '" + key + "' in " + brief(o));
        }
        return e.getAsJsonArray();
    }

    static JsonObject asObject(JsonElement e, String what) throws KerasFormatException {
        if (e == null || !e.isJsonObject()) {
            throw new KerasFormatException("Expected an object for " + what);
        }
        return e.getAsJsonObject();
    }

    static boolean bool(JsonObject o, String key, boolean fallback) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() ? e.getAsBoolean() : fallback;
    }

    static int integer(JsonObject o, String key, int fallback, int min, int max) throws KerasFormatException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        return checked(e, key, min, max);
    }

    static double number(JsonObject o, String key, double fallback, double min, double max)
            throws KerasFormatException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        double v;
        try {
            v = e.getAsDouble();
        } catch (RuntimeException ex) {
            throw new KerasFormatException("Field '" + key + "' is not a number: " + e);
        }
        if (!(v >= min && v <= max)) {
            throw new KerasFormatException("Field '" + key + "' is " + v + ", outside " + min + ".." + max);
        }
        return v;
    }

    /** A Keras pair such as kernel_size or strides: one number for both, or [h, w]. */
    static int[] pair(JsonObject o, String key, int[] fallback, int min, int max) throws KerasFormatException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            if (fallback == null) {
                throw new KerasFormatException("Missing field '" + key + "' in " + brief(o));
            }
            return fallback.clone();
        }
        if (e.isJsonPrimitive()) {
            int v = checked(e, key, min, max);
            return new int[] {v, v};
        }
        JsonArray a = e.getAsJsonArray();
        if (a.size() != 2) {
            throw new KerasFormatException("Field '" + key + "' must have two values, not " + a);
        }
        return new int[] {checked(a.get(0), key, min, max), checked(a.get(1), key, min, max)};
    }

    private static int checked(JsonElement e, String key, int min, int max) throws KerasFormatException {
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
            throw new KerasFormatException("Field '" + key + "' is not a number: " + e);
        }
        double d = p.getAsDouble();
        if (d != Math.rint(d) || d < min || d > max) {
            throw new KerasFormatException("Field '" + key + "' is " + p + ", not a whole number in " + min + ".."
                    + max);
        }
        return (int) d;
    }

    /** The activation a layer config names (Keras 3 may store it as an object). */
    static String activation(JsonObject o) throws KerasFormatException {
        JsonElement e = o.get("activation");
        if (e == null || e.isJsonNull()) {
            return "linear";
        }
        if (e.isJsonPrimitive()) {
            return e.getAsString();
        }
        if (e.isJsonObject()) {
            JsonObject a = e.getAsJsonObject();
            if (a.has("config") && a.get("config").isJsonObject()
                    && a.getAsJsonObject("config").has("name")) {
                return a.getAsJsonObject("config").get("name").getAsString();
            }
            return string(a, "class_name");
        }
        throw new KerasFormatException("Unreadable activation " + e);
    }

    private static String brief(JsonObject o) {
        String s = o.toString();
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
