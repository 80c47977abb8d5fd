package dev.graft.engine.export.tfjs;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import dev.graft.engine.net.keras.KerasExportGraph;
import dev.graft.engine.net.keras.KerasFormatException;
import dev.graft.engine.net.keras.KerasModelFile;
import dev.graft.engine.net.keras.KerasWeights;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Exports a Graft model that came from Keras (an imported Teachable Machine project or TF.js
 * model, fine-tuned or not) in Teachable Machine's TF.js layout: {@code model.json} (a Keras
 * "layers" model), {@code weights.bin} (float32) and {@code metadata.json} (labels, image size). A
 * page built on {@code @teachablemachine/image} loads the folder unchanged with
 * {@code tmImage.load(modelURL, metadataURL)}: the model takes Teachable Machine's inputs (pixel /
 * 127 − 1, 224 px) and outputs class probabilities. Written beside the target and renamed into
 * place; an existing non-empty target is refused.
 */
public final class TfjsExporter {

    /** The files written. */
    public static final List<String> FILES = List.of("model.json", "weights.bin", "metadata.json");

    private TfjsExporter() {}

    /**
     * Exports a model folder.
     *
     * @param modelDir a Graft model folder of architecture {@code keras} (a run's {@code model/}
     *     or an import)
     * @param target the folder to write; must not exist or be empty
     * @throws IOException if reading or writing fails, or the model cannot be exported (why)
     * @throws MalformedModelException if the model folder is invalid
     */
    public static void export(Path modelDir, Path target) throws IOException, MalformedModelException {
        try (LoadedNet net = NetLoader.load(modelDir, Device.cpu())) {
            ArchitectureSpec spec = net.net().spec();
            if (!ArchitectureSpec.KERAS.equals(spec.architecture())) {
                throw new KerasFormatException("TF.js export writes models that came from Keras or TF.js (graft"
                        + " import); " + modelDir + " is a " + spec.architecture() + " model.");
            }
            KerasModelFile file = NetLoader.readKeras(modelDir, spec);
            KerasExportGraph graph = KerasExportGraph.of(net.net(), file);
            if (Files.exists(target) && (!Files.isDirectory(target) || !isEmpty(target))) {
                throw new IOException(target + " exists and is not empty; choose a new or empty folder.");
            }
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createDirectory(AtomicFiles.temporaryFor(target.toAbsolutePath()));
            try {
                write(graph, spec, file, tmp);
                if (Files.isDirectory(target)) {
                    Files.delete(target);
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                if (Files.exists(tmp)) {
                    try (var walk = Files.walk(tmp)) {
                        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            }
        }
    }

    private static void write(KerasExportGraph graph, ArchitectureSpec spec, KerasModelFile file, Path dir)
            throws IOException {
        ByteArrayOutputStream bin = new ByteArrayOutputStream();
        JsonArray specs = new JsonArray();
        for (Map.Entry<String, KerasWeights.Tensor> e : graph.weights().entrySet()) {
            float[] v = e.getValue().values();
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            bin.write(b.array());
            JsonObject w = new JsonObject();
            w.addProperty("name", e.getKey());
            JsonArray shape = new JsonArray();
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            w.add("shape", shape);
            w.addProperty("dtype", "float32");
            specs.add(w);
        }
        JsonObject group = new JsonObject();
        JsonArray paths = new JsonArray();
        paths.add("weights.bin");
        group.add("paths", paths);
        group.add("weights", specs);
        JsonArray manifest = new JsonArray();
        manifest.add(group);
        JsonObject model = new JsonObject();
        model.add("modelTopology", graph.modelTopology());
        model.addProperty("format", "layers-model");
        model.addProperty("generatedBy", "Graft");
        model.add("convertedBy", JsonNull.INSTANCE);
        model.add("weightsManifest", manifest);
        AtomicFiles.writeString(dir.resolve("model.json"), Json.COMPACT.toJson(model));
        AtomicFiles.write(dir.resolve("weights.bin"), out -> bin.writeTo(out));
        AtomicFiles.writeString(dir.resolve("metadata.json"), Json.PRETTY.toJson(metadata(spec, file)));
    }

    /** Teachable Machine's metadata: the imported project's, with the model's labels and size. */
    static JsonObject metadata(ArchitectureSpec spec, KerasModelFile file) {
        JsonObject m = file.source().has("metadata") && file.source().get("metadata").isJsonObject()
                ? file.source().getAsJsonObject("metadata").deepCopy() : new JsonObject();
        setIfAbsent(m, "tfjsVersion", "1.3.1");
        setIfAbsent(m, "tmVersion", "2.4.10");
        setIfAbsent(m, "packageVersion", "0.8.5");
        setIfAbsent(m, "packageName", "@teachablemachine/image");
        m.addProperty("timeStamp", Instant.now().toString());
        if (!m.has("userMetadata")) {
            m.add("userMetadata", new JsonObject());
        }
        setIfAbsent(m, "modelName", spec.baseModel() == null ? "graft-model" : spec.baseModel());
        JsonArray labels = new JsonArray();
        spec.classes().forEach(labels::add);
        m.add("labels", labels);
        m.addProperty("imageSize", spec.imageSize());
        return m;
    }

    private static void setIfAbsent(JsonObject o, String key, String value) {
        if (!o.has(key)) {
            o.addProperty(key, value);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
