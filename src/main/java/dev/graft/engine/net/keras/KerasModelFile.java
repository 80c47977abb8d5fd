package dev.graft.engine.net.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Keras topology stored in a Graft model folder ({@link dev.graft.core.model.ModelFiles#KERAS}):
 * the model's own Keras layer graph (no weights: those are in the folder's parameter file), where
 * its backbone ends, which of its Dense layers became Graft's head, and where it came from (a
 * Teachable Machine project's metadata, for exporting back). Read as untrusted input.
 *
 * @param modelTopology the Keras model config ({@code {class_name, config}})
 * @param feature id of the layer whose output is the backbone's feature output
 * @param head Keras names of the Dense layers that became Graft's head (empty: none kept)
 * @param inputSize image side the model's input fixes (0: any)
 * @param source where it came from: {@code kind} (teachable-machine, tfjs, keras) and for
 *     Teachable Machine its {@code metadata}
 */
public record KerasModelFile(JsonObject modelTopology, String feature, List<String> head, int inputSize,
        JsonObject source) {

    /** Format tag of the file. */
    public static final String FORMAT = "graft-keras-1";
    /** Largest topology file Graft reads (InceptionV3's is 0.2 MB). */
    static final long MAX_BYTES = 64L << 20;

    /** Copies the list. */
    public KerasModelFile {
        head = List.copyOf(head);
        source = source == null ? new JsonObject() : source;
    }

    /**
     * Reads and checks a file.
     *
     * @param file the file
     * @return its content
     * @throws IOException if unreadable
     * @throws KerasFormatException if it is not a Graft Keras topology
     */
    public static KerasModelFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("Keras topology missing: " + file);
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new KerasFormatException(file + " is larger than any Keras topology Graft reads.");
        }
        JsonObject o;
        try {
            o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new KerasFormatException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(Cfg.optString(o, "format", ""))) {
            throw new KerasFormatException(file + " is not a Graft Keras topology (format " + FORMAT + ").");
        }
        List<String> head = new ArrayList<>();
        JsonElement h = o.get("head");
        if (h != null && h.isJsonArray()) {
            for (JsonElement e : h.getAsJsonArray()) {
                head.add(e.getAsString());
            }
        }
        JsonObject source = o.has("source") && o.get("source").isJsonObject() ? o.getAsJsonObject("source") : null;
        return new KerasModelFile(Cfg.object(o, "modelTopology"), Cfg.string(o, "feature"), head,
                Cfg.integer(o, "inputSize", 0, 0, 4096), source);
    }

    /**
     * Writes the file atomically.
     *
     * @param file the target
     * @throws IOException on failure
     */
    public void write(Path file) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.add("modelTopology", modelTopology);
        o.addProperty("feature", feature);
        JsonArray h = new JsonArray();
        head.forEach(h::add);
        o.add("head", h);
        o.addProperty("inputSize", inputSize);
        o.add("source", source);
        AtomicFiles.writeString(file, Json.PRETTY.toJson(o));
    }

    /** @return the source kind ({@code teachable-machine}, {@code tfjs}, {@code keras}) */
    public String sourceKind() {
        return Cfg.optString(source, "kind", "tfjs");
    }
}
