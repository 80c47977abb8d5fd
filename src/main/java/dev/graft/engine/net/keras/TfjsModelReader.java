package dev.graft.engine.net.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Reads a TensorFlow.js "layers" model: {@code model.json} with its weight shards, or the
 * base64-wrapped {@code .min.js} files npm packages ship. Weights may be float32 or
 * uint8/uint16-quantised ({@code value = min + scale × q}) or float16. Shard paths must be plain
 * file names in the model's folder.
 */
public final class TfjsModelReader {

    /** Largest weights Graft reads (2 GB; InceptionV3 has 22 MB quantised). */
    private static final long MAX_WEIGHT_BYTES = Integer.MAX_VALUE - 64;

    private TfjsModelReader() {}

    /**
     * A read model.
     *
     * @param file the model file read
     * @param topology its {@code modelTopology}
     * @param weights its weights
     * @param format {@code format} / {@code generatedBy} information
     */
    public record Model(Path file, JsonObject topology, KerasWeights weights, String format) {}

    /**
     * Finds the model file of a source: the file itself, or in a folder {@code model.json},
     * {@code model.min.js}, or the one {@code *.json} holding a {@code modelTopology}.
     *
     * @param source a file or folder
     * @return the model file, or null when the folder holds none
     * @throws IOException if the folder cannot be listed
     */
    public static Path locate(Path source) throws IOException {
        if (Files.isRegularFile(source)) {
            return source;
        }
        if (!Files.isDirectory(source)) {
            return null;
        }
        for (String name : new String[] {"model.json", "model.min.js"}) {
            if (Files.isRegularFile(source.resolve(name))) {
                return source.resolve(name);
            }
        }
        try (var files = Files.list(source)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                if (Files.size(p) < KerasModelFile.MAX_BYTES
                        && Files.readString(p).contains("\"modelTopology\"")) {
                    return p;
                }
            }
        }
        return null;
    }

    /**
     * Reads a model file and its weights.
     *
     * @param file model.json or model.min.js
     * @return the model
     * @throws IOException if a file is missing or unreadable
     * @throws KerasFormatException if the files are not a TF.js layers model
     */
    public static Model read(Path file) throws IOException {
        if (Files.size(file) > KerasModelFile.MAX_BYTES) {
            throw new KerasFormatException(file + " is too large for a model topology.");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String json = file.getFileName().toString().endsWith(".js") ? WrappedJs.objectAsJson(text) : text;
        JsonObject root;
        try {
            root = JsonParser.parseString(json).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new KerasFormatException(file + " is not a TF.js model (not JSON: " + e.getMessage() + ")", e);
        }
        if (!root.has("modelTopology") || !root.get("modelTopology").isJsonObject()) {
            String hint = root.has("format") && Cfg.optString(root, "format", "").contains("graph")
                    ? " It is a TF.js graph model (a frozen TensorFlow graph); Graft imports Keras \"layers\" models."
                    : "";
            throw new KerasFormatException(file + " has no Keras modelTopology." + hint);
        }
        KerasWeights weights = new KerasWeights();
        Path dir = file.toAbsolutePath().getParent();
        if (root.has("weightsManifest")) {
            for (JsonElement g : Cfg.array(root, "weightsManifest")) {
                readGroup(dir, Cfg.asObject(g, "a weights group"), weights);
            }
        }
        return new Model(file, root.getAsJsonObject("modelTopology"), weights,
                Cfg.optString(root, "format", "") + " " + Cfg.optString(root, "generatedBy", ""));
    }

    private static void readGroup(Path dir, JsonObject group, KerasWeights weights) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (JsonElement p : Cfg.array(group, "paths")) {
            all.write(shard(dir, p.getAsString()));
            if (all.size() > MAX_WEIGHT_BYTES) {
                throw new KerasFormatException("The model's weights exceed 2 GB.");
            }
        }
        ByteBuffer data = ByteBuffer.wrap(all.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        for (JsonElement el : Cfg.array(group, "weights")) {
            JsonObject w = Cfg.asObject(el, "a weight entry");
            String name = Cfg.string(w, "name");
            JsonArray shapeJson = Cfg.array(w, "shape");
            long[] shape = new long[shapeJson.size()];
            long n = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeJson.get(i).getAsLong();
                if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
                    throw new KerasFormatException("Weight " + name + " has shape " + shapeJson);
                }
                n *= shape[i];
                if (n > Integer.MAX_VALUE / 4) {
                    throw new KerasFormatException("Weight " + name + " is too large: " + shapeJson);
                }
            }
            String dtype = Cfg.optString(w, "dtype", "float32");
            if (!"float32".equals(dtype)) {
                throw new KerasFormatException("Weight " + name + " has dtype " + dtype + "; Graft reads float weights.");
            }
            JsonObject q = w.has("quantization") ? Cfg.object(w, "quantization") : null;
            String qType = q == null ? "float32" : Cfg.string(q, "dtype");
            int bytesPer = switch (qType) {
                case "float32" -> 4;
                case "uint16", "float16" -> 2;
                case "uint8" -> 1;
                default -> throw new KerasFormatException("Weight " + name + " is quantised as " + qType
                        + "; Graft reads uint8, uint16 and float16.");
            };
            if (data.remaining() < n * bytesPer) {
                throw new KerasFormatException("The weight files end before weight " + name + ": they are truncated"
                        + " or do not belong to this model.json.");
            }
            float[] values = new float[(int) n];
            if ("float32".equals(qType)) {
                data.asFloatBuffer().get(values);
                data.position(data.position() + 4 * (int) n);
            } else if ("float16".equals(qType)) {
                for (int i = 0; i < n; i++) {
                    values[i] = halfToFloat(data.getShort());
                }
            } else {
                float min = (float) Cfg.number(q, "min", 0, -Float.MAX_VALUE, Float.MAX_VALUE);
                float scale = (float) Cfg.number(q, "scale", 1, -Float.MAX_VALUE, Float.MAX_VALUE);
                for (int i = 0; i < n; i++) {
                    int v = bytesPer == 2 ? data.getShort() & 0xFFFF : data.get() & 0xFF;
                    values[i] = min + scale * v;
                }
            }
            weights.put(name, new KerasWeights.Tensor(shape, values));
        }
    }

    /** A shard's bytes: the file named, or its wrapped {@code .min.js} form. */
    private static byte[] shard(Path dir, String name) throws IOException {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")
                || name.indexOf('\0') >= 0) {
            throw new KerasFormatException("Weight file '" + name + "' is not a plain file name in the model's"
                    + " folder; Graft reads weights only from beside the model.");
        }
        Path plain = dir.resolve(name);
        Path wrapped = dir.resolve(name + ".min.js");
        Path file = Files.isRegularFile(plain) ? plain : Files.isRegularFile(wrapped) ? wrapped : null;
        if (file == null) {
            throw new IOException("Weight file " + name + " is missing beside the model (looked for " + plain
                    + " and " + wrapped + ")");
        }
        if (Files.isSymbolicLink(file) && !file.toRealPath().startsWith(dir.toRealPath())) {
            throw new KerasFormatException("Weight file " + file + " links outside the model's folder.");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(file)) {
            throw new IOException("Not a file: " + file);
        }
        byte[] bytes = Files.readAllBytes(file);
        return file == wrapped ? WrappedJs.shardBytes(new String(bytes, StandardCharsets.US_ASCII)) : bytes;
    }

    /** IEEE 754 half precision to float (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
