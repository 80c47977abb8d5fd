package dev.graft.engine.net.keras;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.model.ModelFiles;
import dev.graft.core.util.AtomicFiles;
import dev.graft.engine.net.GraftNet;
import dev.graft.engine.net.LayerRegistry;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.ModelFolderWriter;
import dev.graft.engine.net.NetLoader;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Imports a Keras image model into a Graft model folder: a TF.js "layers" model (model.json and
 * shards, or npm's wrapped {@code .min.js} files), a Teachable Machine image project export
 * (model.json, weights.bin, metadata.json), or a Keras {@code .h5}/{@code .keras} file.
 *
 * <p>Backbone and head: a model that ends in a classifier Graft's head can express (Dense layers
 * with ReLU between them, softmax or no activation at the end; see {@link HeadSplit}) keeps it as
 * Graft's head, with its classes: the imported model predicts what the original predicts, and
 * training it further on the same classes continues from it. Everything before the head is the
 * backbone, tapped at its last stage (the head's input), so the feature vector is exactly the
 * original's. A model without such a head imports as a backbone only (training gives it a new head).
 */
public final class KerasImporter {

    /** Default image side when the model leaves it open. */
    public static final int DEFAULT_SIZE = 224;

    private KerasImporter() {}

    /**
     * What the user tells the importer; null fields are taken from the source.
     *
     * @param labels class names in output order
     * @param normalization one of {@link ArchitectureSpec#NORMALIZATIONS}
     * @param imageSize image side (only for models that leave it open)
     */
    public record Options(List<String> labels, String normalization, Integer imageSize) {
        /** @return no overrides */
        public static Options none() {
            return new Options(null, null, null);
        }
    }

    /**
     * What was imported.
     *
     * @param spec the model folder's architecture
     * @param stages the backbone's stages
     * @param tensors tensors imported
     * @param classifierKept whether the model's own head (and classes) were kept
     * @param kind {@code teachable-machine}, {@code tfjs} or {@code keras}
     * @param notes things the user should know (guessed normalisation, default labels)
     */
    public record Result(ArchitectureSpec spec, List<String> stages, int tensors, boolean classifierKept, String kind,
            List<String> notes) {}

    /** A source read into memory: topology, weights and what its folder says. */
    record Source(JsonObject topology, KerasWeights weights, String kind, List<String> labels, JsonObject metadata,
            String name) {}

    /**
     * Whether a path looks like something this importer reads (for the window's "add model").
     *
     * @param path a file or folder
     * @return true for a TF.js model file or folder, or a .h5/.keras file
     */
    public static boolean accepts(Path path) {
        String n = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isRegularFile(path)) {
            return n.endsWith(".h5") || n.endsWith(".keras") || n.endsWith(".hdf5") || n.endsWith(".json")
                    || n.endsWith(".min.js");
        }
        try {
            return Files.isDirectory(path) && !Files.isRegularFile(path.resolve(ModelFiles.SPEC))
                    && (TfjsModelReader.locate(path) != null || KerasFileReader.locate(path) != null);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Imports a model into a new folder, built beside it and renamed into place.
     *
     * @param source the model file or folder
     * @param out the model folder to create (must not exist)
     * @param options overrides
     * @return what was imported
     * @throws IOException if reading or writing fails, or the model is not supported (naming the layer)
     * @throws MalformedModelException if the built network is inconsistent
     */
    public static Result importTo(Path source, Path out, Options options) throws IOException, MalformedModelException {
        Source src = read(source);
        List<String> notes = new ArrayList<>();
        KerasTopology topology = KerasTopology.parse(src.topology());
        int fixed = KerasOps.fixedImageSize(topology.layer(topology.input()));
        int size = fixed > 0 ? fixed : options.imageSize() != null ? options.imageSize() : DEFAULT_SIZE;
        if (fixed > 0 && options.imageSize() != null && options.imageSize() != fixed) {
            throw new KerasFormatException("The model takes " + fixed + " px images; --image-size "
                    + options.imageSize() + " does not fit it.");
        }
        KerasGraph full = new KerasGraph(topology, topology.output(), size);
        HeadSplit split = HeadSplit.find(topology, full.shapes());
        List<String> classes = classes(src, split, options, notes);
        String normalization = normalization(src, topology, options, notes);
        KerasGraph backbone = new KerasGraph(topology, split.feature(), size);
        List<KerasStages.Stage> stages = KerasStages.of(topology, backbone.order(), split.feature(), backbone.shapes());
        String lastStage = stages.get(stages.size() - 1).name();
        int width = KerasNetBuilder.width(backbone.shapes().get(split.feature()));
        ArchitectureSpec spec = new ArchitectureSpec(ArchitectureSpec.KERAS, size, classes,
                split.hasHead() ? split.hidden() : List.of(), split.hasHead() ? split.dropout() : 0f, normalization,
                ModelFiles.KERAS, width, src.name(), List.of(lastStage), "none");
        JsonObject origin = new JsonObject();
        origin.addProperty("kind", src.kind());
        if (src.metadata() != null) {
            origin.add("metadata", src.metadata());
        }
        List<String> headNames = split.dense().stream().map(KerasLayer::name).toList();
        KerasModelFile file = new KerasModelFile(KerasTopology.modelConfig(src.topology()), split.feature(),
                headNames, fixed, origin);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path tmp = Files.createDirectory(AtomicFiles.temporaryFor(out.toAbsolutePath()));
        try {
            file.write(tmp.resolve(ModelFiles.KERAS));
            int tensors;
            try (LoadedNet net = NetLoader.create(spec, tmp, Device.cpu(), split.hasHead() ? headNames
                    : List.of("graft_placeholder"))) {
                tensors = copyWeights(net.net(), src.weights(), split.hasHead());
                KerasNetBuilder.fixAbsentTensors(net.net());
                ModelFolderWriter.write(net, tmp, tmp);
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
            return new Result(spec, stages.stream().map(KerasStages.Stage::name).toList(), tensors, split.hasHead(),
                    src.kind(), notes);
        } finally {
            deleteTemporary(tmp);
        }
    }

    private static void deleteTemporary(Path tmp) throws IOException {
        if (!Files.exists(tmp) || !AtomicFiles.isTemporary(tmp.getFileName().toString())) {
            return;
        }
        try (var walk = Files.walk(tmp)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Reads any supported source. */
    static Source read(Path source) throws IOException {
        if (!Files.exists(source)) {
            throw new IOException("No such file or folder: " + source);
        }
        Path keras = KerasFileReader.locate(source);
        if (keras != null) {
            return KerasFileReader.read(keras);
        }
        Path modelFile = TfjsModelReader.locate(source);
        if (modelFile == null) {
            throw new KerasFormatException(source + " holds no Keras model: expected a TF.js model.json (or the"
                    + " model.min.js of an npm package), a Teachable Machine export folder, or a .h5/.keras file.");
        }
        TfjsModelReader.Model m = TfjsModelReader.read(modelFile);
        Path dir = modelFile.toAbsolutePath().getParent();
        JsonObject metadata = null;
        List<String> labels = null;
        String kind = "tfjs";
        Path meta = dir.resolve("metadata.json");
        if (Files.isRegularFile(meta) && Files.size(meta) < 1 << 20) {
            try {
                metadata = JsonParser.parseString(Files.readString(meta)).getAsJsonObject();
            } catch (RuntimeException e) {
                throw new KerasFormatException(meta + " is not valid JSON: " + e.getMessage(), e);
            }
            if (metadata.has("labels") && metadata.get("labels").isJsonArray()) {
                labels = new ArrayList<>();
                for (JsonElement l : metadata.getAsJsonArray("labels")) {
                    labels.add(l.getAsString());
                }
            }
            if (metadata.has("tmVersion") || Cfg.optString(metadata, "packageName", "").startsWith("@teachablemachine")) {
                kind = "teachable-machine";
            }
        }
        if (labels == null) {
            labels = labelsTxt(dir);
        }
        String name = metadata != null && metadata.has("modelName") ? Cfg.optString(metadata, "modelName", "model")
                : dir.getFileName() == null ? "model" : dir.getFileName().toString();
        return new Source(m.topology(), m.weights(), kind, labels, metadata, name);
    }

    /** Teachable Machine's Keras export lists classes in labels.txt as "0 Name" lines. */
    static List<String> labelsTxt(Path dir) throws IOException {
        Path txt = dir.resolve("labels.txt");
        if (!Files.isRegularFile(txt) || Files.size(txt) > 1 << 20) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(txt, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            int sp = l.indexOf(' ');
            out.add(sp > 0 && l.substring(0, sp).chars().allMatch(Character::isDigit) ? l.substring(sp + 1).strip() : l);
        }
        return out;
    }

    private static List<String> classes(Source src, HeadSplit split, Options options, List<String> notes)
            throws KerasFormatException {
        if (!split.hasHead()) {
            if (options.labels() != null) {
                throw new KerasFormatException("The model does not end in a classifier Graft can keep (Dense layers"
                        + " with ReLU between them, softmax or no activation last), so it imports as a backbone"
                        + " without classes; leave out --labels.");
            }
            notes.add("no classifier kept: the model imports as a backbone; training gives it a head for your"
                    + " classes");
            return List.of("output");
        }
        int n = split.classes();
        List<String> labels = options.labels() != null ? options.labels() : src.labels();
        if (labels == null) {
            List<String> generic = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                generic.add("class_" + i);
            }
            notes.add("the source names no classes: they are class_0 … class_" + (n - 1)
                    + " (give names with --labels)");
            return generic;
        }
        if (labels.size() != n) {
            throw new KerasFormatException("The model's last layer has " + n + " outputs but " + labels.size()
                    + " class names were given (" + String.join(", ", labels) + ").");
        }
        return labels;
    }

    private static String normalization(Source src, KerasTopology topology, Options options, List<String> notes) {
        if (options.normalization() != null) {
            return options.normalization();
        }
        if ("teachable-machine".equals(src.kind())) {
            return "tm";
        }
        KerasLayer first = topology.layers().size() > 1 ? topology.layers().get(1) : null;
        if (first != null && "Rescaling".equals(first.className())) {
            notes.add("the model rescales its own inputs: it gets pixels 0..255 (normalization 'pixels')");
            return "pixels";
        }
        notes.add("the model does not say how its inputs are scaled: assumed RGB / 255 in [0, 1] (normalization"
                + " 'unit'); if it was trained otherwise, import again with --normalization "
                + String.join("|", ArchitectureSpec.NORMALIZATIONS));
        return "unit";
    }

    /**
     * Copies every Keras weight into the network and checks that each was used exactly once.
     *
     * @return the number of tensors set
     */
    static int copyWeights(GraftNet net, KerasWeights weights, boolean headKept) throws KerasFormatException {
        Set<String> used = new HashSet<>();
        int count = 0;
        for (LayerRegistry.Layer layer : net.layers().layers()) {
            if (layer.path().startsWith(GraftNet.HEAD + ".")) {
                if (!headKept) {
                    // a backbone without classes: a zero head, replaced when it is trained
                    for (Parameter p : layer.tensors().values()) {
                        p.getArray().set(FloatBuffer.wrap(new float[(int) p.getArray().size()]));
                    }
                    continue;
                }
                String kernel = require(weights, layer.sourceName(), "kernel", used);
                set(layer.tensors().get("weight"), KerasOp.Layout.DENSE, weights.get(kernel), kernel);
                String bias = weights.find(layer.sourceName(), "bias");
                Parameter b = layer.tensors().get("bias");
                if (bias != null) {
                    used.add(bias);
                    set(b, KerasOp.Layout.SAME, weights.get(bias), bias);
                } else {
                    // Teachable Machine's last layer has no bias: Graft's head has one, at zero
                    b.getArray().set(FloatBuffer.wrap(new float[(int) b.getArray().size()]));
                }
                count += 2;
                continue;
            }
            if (!(layer.block() instanceof KerasOp op)) {
                continue;
            }
            for (KerasOp.WeightMapping m : op.kerasWeights()) {
                String name = require(weights, layer.sourceName(), m.kerasName(), used);
                set(op.tensors().get(m.tensor()), m.layout(), weights.get(name), name);
                count++;
            }
        }
        List<String> unused = new ArrayList<>();
        for (String n : weights.names()) {
            if (!used.contains(n)) {
                unused.add(n);
            }
        }
        if (!unused.isEmpty()) {
            throw new KerasFormatException("The weights hold tensors no imported layer uses: "
                    + String.join(", ", unused.subList(0, Math.min(8, unused.size())))
                    + (unused.size() > 8 ? " …" : ""));
        }
        return count;
    }

    private static String require(KerasWeights weights, String layer, String weight, Set<String> used)
            throws KerasFormatException {
        String name = weights.find(layer, weight);
        if (name == null) {
            throw new KerasFormatException("The weights have no " + weight + " for layer '" + layer + "'.");
        }
        if (!used.add(name)) {
            throw new KerasFormatException("Weight " + name + " would be used twice.");
        }
        return name;
    }

    private static void set(Parameter target, KerasOp.Layout layout, KerasWeights.Tensor t, String name)
            throws KerasFormatException {
        NDArray array = target.getArray();
        long[] want = array.getShape().getShape();
        long[] got = WeightLayouts.djlShape(layout, t.shape());
        if (t.shape().length != (layout == KerasOp.Layout.SAME ? want.length : layout == KerasOp.Layout.DENSE ? 2 : 4)
                || !java.util.Arrays.equals(want, got)) {
            throw new KerasFormatException(String.format(Locale.ROOT, "Weight %s has shape %s, which does not fit"
                    + " its layer (%s expected in DJL's layout).", name, WeightLayouts.shape(t.shape()),
                    WeightLayouts.shape(want)));
        }
        for (float v : t.values()) {
            if (!Float.isFinite(v)) {
                throw new KerasFormatException("Weight " + name + " holds NaN or infinite values.");
            }
        }
        array.set(FloatBuffer.wrap(WeightLayouts.toDjl(layout, t.shape(), t.values())));
    }

    static JsonArray strings(List<String> list) {
        JsonArray a = new JsonArray();
        list.forEach(a::add);
        return a;
    }
}
