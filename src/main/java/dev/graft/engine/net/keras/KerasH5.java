package dev.graft.engine.net.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keras' HDF5 layouts, read with jHDF (pure Java): the legacy {@code .h5} model file and the
 * variable store inside a {@code .keras} archive. Weights come out named {@code <layer>/<weight>}
 * (nested models' names in front) as the TF.js reader names them, so both feed the same importer.
 * The file is untrusted: links are refused (an external link would read another file), and
 * anything the HDF5 reader cannot make sense of becomes a plain "truncated or damaged" message.
 */
final class KerasH5 {

    /** Keras 3's Layer saves its variables under {@code <path>/vars/<i>}. */
    private static final String VARS = "vars";

    private KerasH5() {}

    /**
     * A Keras model read from HDF5.
     *
     * @param topology the model config ({@code {class_name, config}})
     * @param weights its weights
     */
    record Model(JsonObject topology, KerasWeights weights) {}

    /**
     * Reads a legacy {@code .h5} model file: {@code model_config} as a root attribute, weights under
     * {@code model_weights/<layer>/<weight name>} listed by the {@code layer_names} and
     * {@code weight_names} attributes.
     *
     * @param file the file
     * @return its model
     * @throws IOException if unreadable
     * @throws KerasFormatException if it is not a whole Keras model
     */
    static Model readLegacy(Path file) throws IOException {
        String what = file.getFileName().toString();
        try (HdfFile h5 = open(file, what)) {
            return hdf5(what, () -> {
                String config = string(h5, "model_config");
                if (config == null) {
                    boolean weightsOnly = h5.getAttribute("layer_names") != null
                            || h5.getAttribute("layer_names0") != null;
                    throw new KerasFormatException(what + (weightsOnly
                            ? " holds only weights (saved with save_weights), not the model: save it with"
                                    + " model.save(\"model.h5\") or model.save(\"model.keras\")."
                            : " is an HDF5 file without a Keras model in it (no model_config)."));
                }
                JsonObject topology = json(config, what + "'s model_config");
                Node weightsNode = h5.getChild("model_weights");
                if (!(weightsNode instanceof Group group)) {
                    throw new KerasFormatException(what + " has a model config but no model_weights.");
                }
                Naming naming = new Naming(topology);
                KerasWeights weights = new KerasWeights();
                for (String layer : strings(group, "layer_names")) {
                    Node n = child(group, layer, what);
                    if (!(n instanceof Group g)) {
                        throw new KerasFormatException(what + ": model_weights/" + layer + " is not a group.");
                    }
                    for (String w : strings(g, "weight_names")) {
                        Node d = path(g, w, what);
                        if (!(d instanceof Dataset ds)) {
                            throw new KerasFormatException(what + ": weight " + layer + "/" + w + " is missing.");
                        }
                        // a nested model's weights are named after its own layers: keep the model's name in front
                        String name = w.startsWith(layer + "/") ? w : layer + "/" + w;
                        weights.put(naming.of(name), tensor(ds, what));
                    }
                }
                return new Model(topology, weights);
            });
        }
    }

    /**
     * Reads the variables of a {@code .keras} archive ({@code model.weights.h5}): each layer's under
     * {@code layers/<name>/vars/<i>}, nested models' layers under {@code layers/<model>/layers/<name>},
     * numbered in the order the layer created them. Names come from the layer's class.
     *
     * @param topology the archive's config.json
     * @param h5 the bytes of model.weights.h5
     * @param what the file, for messages
     * @return topology and weights
     * @throws KerasFormatException if the weights do not fit the config
     */
    static Model readVariables(JsonObject topology, byte[] h5, String what) throws IOException {
        JsonObject model = KerasTopology.modelConfig(topology);
        HdfFile file;
        try {
            file = HdfFile.fromBytes(h5);
        } catch (RuntimeException e) {
            throw damaged(what, e);
        }
        try (file) {
            return hdf5(what, () -> {
                Naming naming = new Naming(model);
                KerasWeights weights = new KerasWeights();
                Set<String> read = new HashSet<>();
                walk(model, file, "", naming, weights, read, what, 0);
                List<String> unread = new ArrayList<>();
                for (String root : new String[] {"layers", "_layer_checkpoint_dependencies"}) {
                    if (file.getChild(root) instanceof Group g) {
                        datasets(g, unread, read, what, 0);
                    }
                }
                if (!unread.isEmpty()) {
                    throw new KerasFormatException(what + " holds weights of layers its config does not have: "
                            + String.join(", ", unread.subList(0, Math.min(5, unread.size())))
                            + (unread.size() > 5 ? " …" : ""));
                }
                return new Model(model, weights);
            });
        }
    }

    private static void walk(JsonObject model, Group group, String prefix, Naming naming, KerasWeights weights,
            Set<String> read, String what, int depth) throws IOException {
        if (depth > 32) {
            throw new KerasFormatException(what + ": models are nested too deep.");
        }
        Node layersNode = group.getChild("layers");
        if (layersNode == null) {
            layersNode = group.getChild("_layer_checkpoint_dependencies"); // Keras 2.13–2.15
        }
        if (!(layersNode instanceof Group layers)) {
            return;
        }
        JsonElement cfg = model.get("config");
        JsonArray list = cfg != null && cfg.isJsonArray() ? cfg.getAsJsonArray() : Cfg.array(Cfg.object(model,
                "config"), "layers");
        for (JsonElement el : list) {
            JsonObject layer = Cfg.asObject(el, "a layer");
            String cls = Cfg.string(layer, "class_name");
            JsonObject lc = Cfg.object(layer, "config");
            String name = layer.has("name") ? Cfg.string(layer, "name") : Cfg.string(lc, "name");
            Node node = child(layers, name, what);
            if (!(node instanceof Group g)) {
                continue; // a layer without variables
            }
            if (KerasTopology.isModel(cls)) {
                walk(layer, g, prefix + name + "/", naming, weights, read, what, depth + 1);
                continue;
            }
            if (!(child(g, VARS, what) instanceof Group vars)) {
                continue;
            }
            List<String> names = variableNames(cls, lc);
            int n = vars.getChildren().size();
            for (int i = 0; i < n; i++) {
                if (!(child(vars, String.valueOf(i), what) instanceof Dataset ds)) {
                    throw new KerasFormatException(what + ": variable " + i + " of layer '" + name + "' is missing.");
                }
                read.add(ds.getPath());
                String var = i < names.size() ? names.get(i) : "variable_" + i;
                weights.put(prefix + name + "/" + var, tensor(ds, what));
            }
        }
    }

    /** Keras 3 stores variables by number, in the order the layer's build() creates them. */
    static List<String> variableNames(String cls, JsonObject config) {
        return switch (cls) {
            case "Conv2D", "Dense" -> List.of("kernel", "bias");
            case "DepthwiseConv2D" -> List.of("depthwise_kernel", "bias");
            case "SeparableConv2D" -> List.of("depthwise_kernel", "pointwise_kernel", "bias");
            case "BatchNormalization" -> {
                List<String> n = new ArrayList<>();
                if (Cfg.bool(config, "scale", true)) {
                    n.add("gamma");
                }
                if (Cfg.bool(config, "center", true)) {
                    n.add("beta");
                }
                n.add("moving_mean");
                n.add("moving_variance");
                yield n;
            }
            default -> List.of();
        };
    }

    private static void datasets(Group g, List<String> out, Set<String> read, String what, int depth)
            throws KerasFormatException {
        if (depth > 64) {
            throw new KerasFormatException(what + ": groups are nested too deep.");
        }
        for (Node n : g.getChildren().values()) {
            checkLinks(n, what);
            if (n instanceof Group c) {
                datasets(c, out, read, what, depth + 1);
            } else if (n instanceof Dataset && !read.contains(n.getPath())) {
                out.add(n.getPath());
            }
        }
    }

    /**
     * Keras 3 names a DepthwiseConv2D's kernel {@code kernel} where Keras 2 and TF.js say
     * {@code depthwise_kernel}; the importer knows the latter.
     */
    private static final class Naming {
        final Set<String> depthwise = new HashSet<>();

        Naming(JsonObject topology) throws KerasFormatException {
            for (KerasLayer l : KerasTopology.parse(topology).layers()) {
                if ("DepthwiseConv2D".equals(l.className())) {
                    depthwise.add(l.name());
                }
            }
        }

        String of(String name) {
            String plain = name.endsWith(":0") ? name.substring(0, name.length() - 2) : name;
            int slash = plain.lastIndexOf('/');
            if (slash > 0 && plain.substring(slash + 1).equals("kernel")) {
                String layer = plain.substring(plain.lastIndexOf('/', slash - 1) + 1, slash);
                if (depthwise.contains(layer)) {
                    return plain.substring(0, slash) + "/depthwise_kernel";
                }
            }
            return name;
        }
    }

    private static KerasWeights.Tensor tensor(Dataset ds, String what) throws KerasFormatException {
        int[] dims = ds.isScalar() ? new int[0] : ds.getDimensions();
        long[] shape = new long[dims.length];
        long n = 1;
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[i];
            n *= dims[i];
            if (dims[i] < 0 || n > Integer.MAX_VALUE / 4) {
                throw new KerasFormatException(what + ": weight " + ds.getPath() + " is too large.");
            }
        }
        Object data = ds.isScalar() ? ds.getData() : ds.getDataFlat();
        float[] values;
        if (data instanceof float[] f) {
            values = f;
        } else if (data instanceof double[] d) {
            values = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                values[i] = (float) d[i];
            }
        } else if (data instanceof Float f) {
            values = new float[] {f};
        } else if (data instanceof Double d) {
            values = new float[] {d.floatValue()};
        } else {
            throw new KerasFormatException(what + ": weight " + ds.getPath() + " holds " + ds.getJavaType()
                    .getSimpleName() + " values; Graft reads float weights.");
        }
        if (values.length != n) {
            throw new KerasFormatException(what + ": weight " + ds.getPath() + " holds " + values.length
                    + " values for its shape " + WeightLayouts.shape(shape) + ".");
        }
        return new KerasWeights.Tensor(shape, values);
    }

    /** A string attribute, or null. */
    private static String string(Node node, String name) throws KerasFormatException {
        Attribute a = node.getAttribute(name);
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof String[] s && s.length == 1) {
            return s[0];
        }
        throw new KerasFormatException("The attribute " + name + " of " + node.getPath() + " is not a string.");
    }

    /**
     * A list of names: Keras splits long lists over {@code name0}, {@code name1}, … to stay under
     * HDF5's object header limit.
     */
    private static List<String> strings(Node node, String name) throws KerasFormatException {
        List<String> out = new ArrayList<>();
        if (node.getAttribute(name) != null) {
            addStrings(node.getAttribute(name), out, node);
            return out;
        }
        for (int i = 0; node.getAttribute(name + i) != null; i++) {
            addStrings(node.getAttribute(name + i), out, node);
        }
        return out;
    }

    private static void addStrings(Attribute a, List<String> out, Node node) throws KerasFormatException {
        if (a.isEmpty()) {
            return;
        }
        Object v = a.getData();
        if (v instanceof String s) {
            out.add(s);
        } else if (v instanceof String[] s) {
            out.addAll(List.of(s));
        } else if (!(v instanceof double[] d && d.length == 0) && !(v instanceof float[] f && f.length == 0)) {
            // h5py stores an empty list as an empty float array
            throw new KerasFormatException("The attribute " + a.getName() + " of " + node.getPath()
                    + " is not a list of names.");
        }
    }

    private static Node child(Group g, String name, String what) throws KerasFormatException {
        if (name.isEmpty()) {
            throw new KerasFormatException(what + ": a layer name is empty or malformed.");
        }
        Node n = g.getChildren().get(name);
        checkLinks(n, what);
        return n;
    }

    /** A node below a group, every step checked for links. */
    private static Node path(Group g, String path, String what) throws KerasFormatException {
        Node n = g;
        for (String step : path.split("/")) {
            if (!(n instanceof Group group)) {
                return null;
            }
            n = child(group, step, what);
        }
        return n;
    }

    private static void checkLinks(Node n, String what) throws KerasFormatException {
        if (n != null && n.isLink()) {
            throw new KerasFormatException(what + " holds a link (" + n.getPath() + "); Keras writes none, and Graft"
                    + " reads only the file's own groups and datasets.");
        }
    }

    private static JsonObject json(String text, String what) throws KerasFormatException {
        try {
            return JsonParser.parseString(text).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new KerasFormatException(what + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static HdfFile open(Path file, String what) throws IOException {
        try {
            return new HdfFile(file);
        } catch (RuntimeException e) {
            throw damaged(what, e);
        }
    }

    private static KerasFormatException damaged(String what, RuntimeException e) {
        return new KerasFormatException(what + " is not a readable HDF5 file: it is truncated or damaged ("
                + e.getMessage() + ").", e);
    }

    /** Work on an open file; whatever jHDF throws while reading means the file is damaged. */
    private interface Hdf5Work {
        Model run() throws IOException;
    }

    private static Model hdf5(String what, Hdf5Work work) throws IOException {
        try {
            return work.run();
        } catch (RuntimeException | StackOverflowError e) {
            throw new KerasFormatException(what + " is not a readable HDF5 file: it is truncated or damaged ("
                    + e + ").", e);
        }
    }
}
