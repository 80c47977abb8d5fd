package dev.graft.engine.net.keras;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Keras model's layer graph with nested models flattened into one graph of leaf layers, in
 * topological order. Reads the "layers" topology that Keras' {@code model.to_json()},
 * {@code tensorflowjs_converter} and TF.js' {@code model.save()} write: Sequential and functional
 * models ({@code Model}/{@code Functional}), nested in each other, with Keras 2 and Keras 3 node
 * references. The topology is untrusted input: sizes are bounded, every reference must resolve,
 * shared layers (one layer called twice) and models with more than one input or output are refused.
 */
public final class KerasTopology {

    /** More leaf layers than any image classifier has (InceptionV3: 318). */
    static final int MAX_LAYERS = 20_000;
    private static final int MAX_DEPTH = 32;

    private final List<KerasLayer> layers;
    private final Map<String, KerasLayer> byId;
    private final String output;

    private KerasTopology(List<KerasLayer> layers, String output) {
        this.layers = List.copyOf(layers);
        this.byId = new LinkedHashMap<>();
        for (KerasLayer l : layers) {
            byId.put(l.id(), l);
        }
        this.output = output;
    }

    /**
     * Parses a topology.
     *
     * @param modelTopology a model config ({@code {class_name, config}}) or TF.js' wrapper holding
     *     one under {@code model_config}
     * @return the flattened graph
     * @throws KerasFormatException if it is not a readable single-input, single-output model
     */
    public static KerasTopology parse(JsonObject modelTopology) throws KerasFormatException {
        JsonObject model = modelConfig(modelTopology);
        Flattener f = new Flattener();
        String out = f.model(model, List.of(), null, 0);
        long inputs = f.out.stream().filter(KerasLayer::isInput).count();
        if (inputs != 1) {
            throw new KerasFormatException("The model has " + inputs + " inputs; Graft imports image models with"
                    + " exactly one input.");
        }
        return new KerasTopology(f.out, out);
    }

    /**
     * The model config inside a topology file's {@code modelTopology}.
     *
     * @param modelTopology the object
     * @return {@code {class_name, config}}
     * @throws KerasFormatException if there is none
     */
    static JsonObject modelConfig(JsonObject modelTopology) throws KerasFormatException {
        JsonObject model = modelTopology.has("model_config") && modelTopology.get("model_config").isJsonObject()
                ? modelTopology.getAsJsonObject("model_config") : modelTopology;
        if (!model.has("class_name") || !isModel(Cfg.string(model, "class_name"))) {
            throw new KerasFormatException("The topology holds no Keras model (expected class_name Sequential,"
                    + " Model or Functional).");
        }
        return model;
    }

    static boolean isModel(String className) {
        return "Sequential".equals(className) || "Model".equals(className) || "Functional".equals(className);
    }

    /** @return leaf layers in topological order, the input first */
    public List<KerasLayer> layers() {
        return layers;
    }

    /**
     * A layer by id.
     *
     * @param id the id
     * @return the layer
     */
    public KerasLayer layer(String id) {
        KerasLayer l = byId.get(id);
        if (l == null) {
            throw new IllegalArgumentException("no layer " + id);
        }
        return l;
    }

    /** @return the id of the input layer */
    public String input() {
        return layers.get(0).id();
    }

    /** @return the id of the layer whose output is the model's output */
    public String output() {
        return output;
    }

    /**
     * The layers that consume each layer's output.
     *
     * @return id to consumer ids, in order
     */
    public Map<String, List<String>> consumers() {
        Map<String, List<String>> c = new HashMap<>();
        for (KerasLayer l : layers) {
            for (String in : l.inputs()) {
                c.computeIfAbsent(in, k -> new ArrayList<>()).add(l.id());
            }
        }
        return c;
    }

    /** Flattens nested models into {@link #out}. */
    private static final class Flattener {
        final List<KerasLayer> out = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
        final Set<String> names = new HashSet<>();

        String model(JsonObject model, List<String> nesting, String inputRef, int depth) throws KerasFormatException {
            if (depth > MAX_DEPTH) {
                throw new KerasFormatException("Models are nested more than " + MAX_DEPTH + " deep.");
            }
            String cls = Cfg.string(model, "class_name");
            JsonElement cfg = model.get("config");
            if ("Sequential".equals(cls)) {
                JsonArray layers = cfg != null && cfg.isJsonArray() ? cfg.getAsJsonArray()
                        : Cfg.array(Cfg.object(model, "config"), "layers");
                return sequential(layers, nesting, inputRef, depth);
            }
            return functional(Cfg.object(model, "config"), nesting, inputRef, depth);
        }

        private String sequential(JsonArray layers, List<String> nesting, String inputRef, int depth)
                throws KerasFormatException {
            String current = inputRef;
            for (JsonElement el : layers) {
                JsonObject layer = Cfg.asObject(el, "a layer of a Sequential model");
                String cls = Cfg.string(layer, "class_name");
                JsonObject cfg = Cfg.object(layer, "config");
                String name = Cfg.string(cfg, "name");
                if (isModel(cls)) {
                    current = model(layer, append(nesting, name), current, depth + 1);
                } else if ("InputLayer".equals(cls)) {
                    if (current == null) {
                        current = add(name, nesting, cls, cfg, List.of());
                    }
                } else {
                    if (current == null) {
                        // Keras 2 Sequential models carry the input shape on their first layer
                        JsonObject inputCfg = new JsonObject();
                        JsonElement shape = cfg.has("batch_input_shape") ? cfg.get("batch_input_shape")
                                : cfg.get("batch_shape");
                        if (shape == null) {
                            throw new KerasFormatException("The Sequential model " + (nesting.isEmpty() ? ""
                                    : String.join("/", nesting) + " ") + "does not say its input shape.");
                        }
                        inputCfg.add("batch_input_shape", shape);
                        inputCfg.addProperty("name", name + "_input");
                        current = add(name + "_input", nesting, "InputLayer", inputCfg, List.of());
                    }
                    current = add(name, nesting, cls, cfg, List.of(current));
                }
            }
            if (current == null) {
                throw new KerasFormatException("An empty Sequential model.");
            }
            return current;
        }

        private String functional(JsonObject cfg, List<String> nesting, String inputRef, int depth)
                throws KerasFormatException {
            JsonArray layers = Cfg.array(cfg, "layers");
            List<String[]> inputs = refs(cfg.get("input_layers"));
            List<String[]> outputs = refs(cfg.get("output_layers"));
            if (inputs.size() != 1 || outputs.size() != 1) {
                throw new KerasFormatException("The model " + Cfg.optString(cfg, "name", "") + " has "
                        + inputs.size() + " inputs and " + outputs.size() + " outputs; Graft imports models with"
                        + " one of each.");
            }
            Map<String, String> tensors = new HashMap<>();
            List<JsonObject> pending = new ArrayList<>();
            for (JsonElement el : layers) {
                pending.add(Cfg.asObject(el, "a layer of a functional model"));
            }
            // Keras writes layers in topological order; the loop tolerates any order
            while (!pending.isEmpty()) {
                boolean progress = false;
                for (int i = 0; i < pending.size(); i++) {
                    JsonObject layer = pending.get(i);
                    if (tryAdd(layer, nesting, inputRef, inputs.get(0)[0], tensors, depth)) {
                        pending.remove(i--);
                        progress = true;
                    }
                }
                if (!progress) {
                    JsonObject stuck = pending.get(0);
                    throw new KerasFormatException("Layer '" + Cfg.string(stuck, "name") + "' reads a tensor no"
                            + " layer of the model produces (or the layers form a cycle).");
                }
            }
            String out = tensors.get(key(outputs.get(0)));
            if (out == null) {
                throw new KerasFormatException("The model's output " + outputs.get(0)[0] + " is not produced by any"
                        + " of its layers.");
            }
            return out;
        }

        private boolean tryAdd(JsonObject layer, List<String> nesting, String inputRef, String inputName,
                Map<String, String> tensors, int depth) throws KerasFormatException {
            String cls = Cfg.string(layer, "class_name");
            JsonObject cfg = Cfg.object(layer, "config");
            String name = layer.has("name") ? Cfg.string(layer, "name") : Cfg.string(cfg, "name");
            JsonArray nodes = layer.has("inbound_nodes") && layer.get("inbound_nodes").isJsonArray()
                    ? layer.getAsJsonArray("inbound_nodes") : new JsonArray();
            if ("InputLayer".equals(cls)) {
                String ref = inputRef != null && name.equals(inputName) ? inputRef
                        : add(name, nesting, cls, cfg, List.of());
                tensors.put(name + "#0", ref);
                return true;
            }
            if (nodes.isEmpty()) {
                return true; // a layer the model holds but never calls: it computes nothing
            }
            if (nodes.size() > 1) {
                throw new KerasFormatException("Layer '" + name + "' (" + cls + ") is shared (called "
                        + nodes.size() + " times); Graft does not import shared layers.");
            }
            List<String[]> in = refs(nodes.get(0));
            List<String> ids = new ArrayList<>();
            for (String[] r : in) {
                String id = tensors.get(key(r));
                if (id == null) {
                    return false;
                }
                ids.add(id);
            }
            if (ids.isEmpty()) {
                throw new KerasFormatException("Layer '" + name + "' (" + cls + ") has no input.");
            }
            String produced;
            if (isModel(cls)) {
                if (ids.size() != 1) {
                    throw new KerasFormatException("The nested model '" + name + "' takes " + ids.size()
                            + " inputs; Graft imports nested models with one input.");
                }
                produced = model(layer, append(nesting, name), ids.get(0), depth + 1);
            } else {
                produced = add(name, nesting, cls, cfg, ids);
            }
            tensors.put(name + "#0", produced);
            return true;
        }

        private String add(String name, List<String> nesting, String cls, JsonObject cfg, List<String> inputs)
                throws KerasFormatException {
            if (out.size() >= MAX_LAYERS) {
                throw new KerasFormatException("The model has more than " + MAX_LAYERS + " layers.");
            }
            if (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(ch -> ch < 0x20)) {
                throw new KerasFormatException("A layer name is empty, too long or holds control characters.");
            }
            String id = name;
            if (!ids.add(id)) {
                id = String.join("/", nesting) + "/" + name;
                if (!ids.add(id)) {
                    throw new KerasFormatException("Two layers are named '" + id + "'.");
                }
            }
            names.add(name);
            out.add(new KerasLayer(id, name, nesting, cls, cfg, inputs));
            return id;
        }

        private static List<String> append(List<String> list, String item) {
            List<String> copy = new ArrayList<>(list);
            copy.add(item);
            return copy;
        }

        /**
         * The key of a referenced tensor. Shared layers are refused, so every layer is called once
         * and its node index does not matter (TF.js numbers a nested model's call 1 where Keras
         * renumbers it 0).
         */
        private static String key(String[] ref) {
            return ref[0] + "#" + ref[2];
        }

        /**
         * Node references in Keras 2 form ({@code [[name, node, tensor, kwargs], ...]} or a single
         * {@code [name, node, tensor]}) or Keras 3 form ({@code {args: [...]}} holding tensors with
         * {@code keras_history}).
         */
        static List<String[]> refs(JsonElement el) throws KerasFormatException {
            List<String[]> out = new ArrayList<>();
            collect(el, out, 0);
            return out;
        }

        private static void collect(JsonElement el, List<String[]> out, int depth) throws KerasFormatException {
            if (el == null || el.isJsonNull() || depth > 8) {
                return;
            }
            if (el.isJsonArray()) {
                JsonArray a = el.getAsJsonArray();
                if (a.size() >= 3 && a.get(0).isJsonPrimitive() && a.get(0).getAsJsonPrimitive().isString()
                        && a.get(1).isJsonPrimitive() && a.get(2).isJsonPrimitive()) {
                    out.add(new String[] {a.get(0).getAsString(), String.valueOf(a.get(1).getAsInt()),
                        String.valueOf(a.get(2).getAsInt())});
                    return;
                }
                for (JsonElement e : a) {
                    collect(e, out, depth + 1);
                }
            } else if (el.isJsonObject()) {
                JsonObject o = el.getAsJsonObject();
                if (o.has("args")) {
                    collect(o.get("args"), out, depth + 1);
                } else if (o.has("config") && o.get("config").isJsonObject()
                        && o.getAsJsonObject("config").has("keras_history")) {
                    collect(o.getAsJsonObject("config").get("keras_history"), out, depth + 1);
                }
            }
        }
    }
}
