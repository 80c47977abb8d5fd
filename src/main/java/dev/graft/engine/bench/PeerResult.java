package dev.graft.engine.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One side's measurement, as printed on its {@code GRAFT_PEER_RESULT} line.
 *
 * @param side {@code graft} or {@code python}
 * @param mode full, partial or head
 * @param imagesPerSecond measured steps × batch / their summed time
 * @param stepSeconds time of each measured step
 * @param settings what the side ran with (versions, threads, environment), as printed
 * @param raw the whole JSON object
 */
public record PeerResult(String side, String mode, double imagesPerSecond, List<Double> stepSeconds,
        Map<String, String> settings, JsonObject raw) {

    /** Keys shown as settings, in this order, when present. */
    private static final List<String> SETTING_KEYS = List.of("torch", "torchvision", "python", "libtorch", "djl",
            "java", "threads", "interopThreads", "mkldnn", "cpuCapability", "channelsLast", "inputs",
            "trainableTensors", "trainableParameters", "variant");

    /**
     * Finds and parses the result line in a side's standard output.
     *
     * @param output everything the side printed
     * @return the result, or empty when no result line was printed
     * @throws IllegalArgumentException when the line is there but malformed
     */
    public static Optional<PeerResult> find(String output) {
        String found = null;
        for (String line : output.split("\\R")) {
            if (line.startsWith(GraftPeerWorker.RESULT_PREFIX)) {
                found = line.substring(GraftPeerWorker.RESULT_PREFIX.length());
            }
        }
        return found == null ? Optional.empty() : Optional.of(parse(found));
    }

    /**
     * Parses a result object.
     *
     * @param json the JSON text after the prefix
     * @return the result
     * @throws IllegalArgumentException when a required field is missing
     */
    public static PeerResult parse(String json) {
        JsonObject o;
        try {
            o = JsonParser.parseString(json).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object: " + json, e);
        }
        for (String key : List.of("side", "mode", "imagesPerSecond", "stepSeconds")) {
            if (!o.has(key)) {
                throw new IllegalArgumentException("result has no '" + key + "': " + json);
            }
        }
        List<Double> steps = new ArrayList<>();
        for (JsonElement e : o.getAsJsonArray("stepSeconds")) {
            steps.add(e.getAsDouble());
        }
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (String key : SETTING_KEYS) {
            if (o.has(key) && !o.get(key).isJsonNull()) {
                settings.put(key, o.get(key).getAsString());
            }
        }
        if (o.has("env") && o.get("env").isJsonObject()) {
            Map<String, String> env = new TreeMap<>();
            o.getAsJsonObject("env").entrySet().forEach(e -> env.put(e.getKey(), e.getValue().getAsString()));
            env.forEach((k, v) -> settings.put(k, v));
        }
        return new PeerResult(o.get("side").getAsString(), o.get("mode").getAsString(),
                o.get("imagesPerSecond").getAsDouble(), List.copyOf(steps), settings, o);
    }

    /** @return the settings as {@code key=value} words */
    public String describeSettings() {
        StringBuilder b = new StringBuilder();
        settings.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
        return b.toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s %.2f img/s", side, mode, imagesPerSecond);
    }
}
