package dev.graft.engine.net.keras;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.engine.net.GraftNet;
import dev.graft.engine.net.LayerRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Graft network built from a Keras topology, written back as one flat Keras functional model
 * with its weights in Keras' layouts: the model's own layers up to the feature taps, a pooling per
 * tapped image-shaped stage (and a Concatenate for several), Graft's head as Dense layers (ReLU
 * between, softmax last), and, when the network's input normalisation is not Teachable Machine's
 * pixel / 127 − 1, a 1×1 DepthwiseConv2D right after the input that turns those inputs into the
 * ones the network expects (so pages that feed Teachable Machine's inputs work unchanged).
 * Taps normalised to unit length (Graft's {@code l2}) have no Keras layer in TF.js 1.x and are
 * refused.
 *
 * @param modelTopology {@code {class_name: "Model", config, keras_version, backend}}
 * @param weights name to (Keras shape, values), in manifest order
 */
public record KerasExportGraph(JsonObject modelTopology, Map<String, KerasWeights.Tensor> weights) {

    /** Name of the input adapter layer. */
    public static final String ADAPTER = "graft_input_adapter";

    /**
     * Builds the export of a network.
     *
     * @param net a network built by {@link KerasNetBuilder}
     * @param file its stored topology (for the head's original layer names)
     * @return the model
     * @throws KerasFormatException if the network cannot be expressed as Keras layers
     */
    public static KerasExportGraph of(GraftNet net, KerasModelFile file) throws KerasFormatException {
        ArchitectureSpec spec = net.spec();
        if ("l2".equals(spec.tapNormalization())) {
            throw new KerasFormatException("This model's features are several stages' outputs, each scaled to unit"
                    + " length (--features " + String.join(",", spec.featureTaps()) + "); TF.js layers have no such"
                    + " layer. Train with a single tap (the default) to export to TF.js.");
        }
        List<KerasGraphBlock> graphs = KerasNetBuilder.graphs(net);
        JsonArray layers = new JsonArray();
        Map<String, KerasWeights.Tensor> weights = new LinkedHashMap<>();
        String inputId = graphs.get(0).inputId();
        KerasLayer input = findInput(file, inputId);
        JsonObject inCfg = new JsonObject();
        JsonArray shape = new JsonArray();
        shape.add(JsonNull.INSTANCE);
        shape.add(spec.imageSize());
        shape.add(spec.imageSize());
        shape.add(3);
        inCfg.add("batch_input_shape", shape);
        inCfg.addProperty("dtype", "float32");
        inCfg.addProperty("sparse", false);
        inCfg.addProperty("name", input.name());
        layers.add(layer(input.name(), "InputLayer", inCfg, List.of()));
        Map<String, String> rename = new LinkedHashMap<>();
        rename.put(inputId, input.name());
        if (!"tm".equals(spec.normalization())) {
            addAdapter(spec, layers, weights, input.name());
            rename.put(inputId, ADAPTER);
        }
        List<String> tapOutputs = new ArrayList<>();
        for (int i = 0; i < graphs.size(); i++) {
            KerasGraphBlock g = graphs.get(i);
            for (KerasNode n : g.nodes()) {
                KerasLayer l = n.layer();
                if (l.id().contains("/")) {
                    throw new KerasFormatException("Layer names repeat across nested models (" + l.id() + "); TF.js"
                            + " export needs unique names.");
                }
                JsonObject cfg = l.config().deepCopy();
                keras2(cfg);
                cfg.remove("batch_input_shape");
                cfg.remove("batch_shape");
                cfg.addProperty("name", l.id());
                List<String> ins = l.inputs().stream().map(x -> rename.getOrDefault(x, x)).toList();
                layers.add(layer(l.id(), l.className(), cfg, ins));
                addWeights(n.op(), l.id(), weights);
            }
            if (spec.featureTaps().contains(net.stages().get(i))) {
                tapOutputs.add(g.outputId());
            }
        }
        // the feature vector: taps pooled (image-shaped) and concatenated
        List<String> pooled = new ArrayList<>();
        for (String tap : tapOutputs) {
            Shape s = nodeShape(graphs, tap);
            if (s.dimension() == 4) {
                String name = "graft_pool_" + tap;
                JsonObject cfg = new JsonObject();
                cfg.addProperty("name", name);
                cfg.addProperty("data_format", "channels_last");
                layers.add(layer(name, "GlobalAveragePooling2D", cfg, List.of(tap)));
                pooled.add(name);
            } else {
                pooled.add(tap);
            }
        }
        String features = pooled.get(0);
        if (pooled.size() > 1) {
            JsonObject cfg = new JsonObject();
            cfg.addProperty("name", "graft_features");
            cfg.addProperty("axis", -1);
            layers.add(layer("graft_features", "Concatenate", cfg, pooled));
            features = "graft_features";
        }
        String last = addHead(net, file, layers, weights, features);
        JsonObject config = new JsonObject();
        config.addProperty("name", "graft_model");
        config.add("layers", layers);
        config.add("input_layers", refs(input.name()));
        config.add("output_layers", refs(last));
        JsonObject topology = new JsonObject();
        topology.addProperty("class_name", "Model");
        topology.add("config", config);
        topology.addProperty("keras_version", "tfjs-layers 1.3.1");
        topology.addProperty("backend", "tensor_flow.js");
        return new KerasExportGraph(topology, weights);
    }

    private static KerasLayer findInput(KerasModelFile file, String id) throws KerasFormatException {
        return KerasTopology.parse(file.modelTopology()).layer(id);
    }

    private static Shape nodeShape(List<KerasGraphBlock> graphs, String id) {
        for (KerasGraphBlock g : graphs) {
            for (KerasNode n : g.nodes()) {
                if (n.layer().id().equals(id)) {
                    return n.outputShape();
                }
            }
        }
        throw new IllegalStateException("no layer " + id);
    }

    private static void addAdapter(ArchitectureSpec spec, JsonArray layers, Map<String, KerasWeights.Tensor> weights,
            String input) {
        // Teachable Machine feeds t = x / 127 - 1; the network expects u = (x / 255 - mean) / std,
        // so u = t * (127/255) / std + (127/255 - mean) / std, per channel
        float[] mean = spec.mean() == null ? new float[3] : spec.mean();
        float[] std = spec.std() == null ? new float[] {1, 1, 1} : spec.std();
        float[] kernel = new float[3];
        float[] bias = new float[3];
        for (int c = 0; c < 3; c++) {
            double s = 127.0 / 255.0;
            kernel[c] = (float) (s / std[c]);
            bias[c] = (float) ((s - mean[c]) / std[c]);
        }
        JsonObject cfg = new JsonObject();
        cfg.addProperty("name", ADAPTER);
        cfg.add("kernel_size", pair(1));
        cfg.add("strides", pair(1));
        cfg.addProperty("padding", "valid");
        cfg.addProperty("data_format", "channels_last");
        cfg.add("dilation_rate", pair(1));
        cfg.addProperty("depth_multiplier", 1);
        cfg.addProperty("activation", "linear");
        cfg.addProperty("use_bias", true);
        layers.add(layer(ADAPTER, "DepthwiseConv2D", cfg, List.of(input)));
        weights.put(ADAPTER + "/depthwise_kernel", new KerasWeights.Tensor(new long[] {1, 1, 3, 1}, kernel));
        weights.put(ADAPTER + "/bias", new KerasWeights.Tensor(new long[] {3}, bias));
    }

    private static void addWeights(KerasOp op, String name, Map<String, KerasWeights.Tensor> weights) {
        for (KerasOp.WeightMapping m : op.kerasWeights()) {
            Parameter p = op.tensors().get(m.tensor());
            NDArray a = p.getArray();
            long[] djl = a.getShape().getShape();
            long multiplier = m.layout() == KerasOp.Layout.DEPTHWISE ? multiplier(op) : 1;
            long[] keras = WeightLayouts.kerasShape(m.layout(), djl, multiplier);
            weights.put(name + "/" + m.kerasName(), new KerasWeights.Tensor(keras,
                    WeightLayouts.toKeras(m.layout(), keras, a.toFloatArray())));
        }
    }

    private static long multiplier(KerasOp op) {
        KerasLayer l = ((WeightedOp) op).layer;
        return l.config().has("depth_multiplier") ? l.config().get("depth_multiplier").getAsLong() : 1;
    }

    private static String addHead(GraftNet net, KerasModelFile file, JsonArray layers,
            Map<String, KerasWeights.Tensor> weights, String features) {
        List<LayerRegistry.Layer> dense = net.layers().layers().stream()
                .filter(l -> l.path().startsWith(GraftNet.HEAD + ".")).toList();
        String prev = features;
        for (int i = 0; i < dense.size(); i++) {
            LayerRegistry.Layer d = dense.get(i);
            boolean last = i == dense.size() - 1;
            // the original Dense names when the head has the original's shape (Teachable Machine's)
            String name = file.head().size() == dense.size() ? file.head().get(i) : "graft_dense_" + (i + 1);
            NDArray w = d.tensors().get("weight").getArray();
            NDArray b = d.tensors().get("bias").getArray();
            long[] shape = w.getShape().getShape();
            JsonObject cfg = new JsonObject();
            cfg.addProperty("name", name);
            cfg.addProperty("units", shape[0]);
            cfg.addProperty("activation", last ? "softmax" : "relu");
            cfg.addProperty("use_bias", true);
            layers.add(layer(name, "Dense", cfg, List.of(prev)));
            long[] keras = {shape[1], shape[0]};
            weights.put(name + "/kernel", new KerasWeights.Tensor(keras,
                    WeightLayouts.toKeras(KerasOp.Layout.DENSE, keras, w.toFloatArray())));
            weights.put(name + "/bias", new KerasWeights.Tensor(new long[] {shape[0]}, b.toFloatArray()));
            prev = name;
        }
        return prev;
    }

    /** Keras 3 settings TF.js' layers do not know (and that do not change what a layer computes). */
    private static final java.util.Set<String> KERAS3_ONLY = java.util.Set.of("module", "registered_name",
            "synchronized", "lora_rank", "lora_alpha", "quantization_config");

    /**
     * Turns a Keras 3 layer config (from a {@code .keras} file) into the Keras 2 form TF.js reads:
     * a dtype policy object becomes its name, Keras 3's serialisation keys go.
     */
    private static void keras2(JsonObject cfg) {
        for (String key : new ArrayList<>(cfg.keySet())) {
            var v = cfg.get(key);
            if (KERAS3_ONLY.contains(key)) {
                cfg.remove(key);
            } else if ("dtype".equals(key) && v.isJsonObject()) {
                // TF.js computes in float32 whatever policy the model was trained with
                cfg.addProperty("dtype", "float32");
            } else if (v.isJsonObject()) {
                keras2(v.getAsJsonObject());
            }
        }
    }

    private static JsonObject layer(String name, String cls, JsonObject cfg, List<String> inputs) {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.addProperty("class_name", cls);
        o.add("config", cfg);
        JsonArray nodes = new JsonArray();
        if (!inputs.isEmpty()) {
            JsonArray node = new JsonArray();
            for (String in : inputs) {
                JsonArray ref = new JsonArray();
                ref.add(in);
                ref.add(0);
                ref.add(0);
                ref.add(new JsonObject());
                node.add(ref);
            }
            nodes.add(node);
        }
        o.add("inbound_nodes", nodes);
        return o;
    }

    private static JsonArray refs(String name) {
        JsonArray ref = new JsonArray();
        ref.add(name);
        ref.add(0);
        ref.add(0);
        JsonArray all = new JsonArray();
        all.add(ref);
        return all;
    }

    private static JsonArray pair(int v) {
        JsonArray a = new JsonArray();
        a.add(v);
        a.add(v);
        return a;
    }
}
