package dev.graft.engine.export.onnx;

import static dev.graft.engine.onnx.OnnxGraph.attr;

import ai.djl.nn.Parameter;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.util.Json;
import dev.graft.engine.net.GraftNet;
import dev.graft.engine.net.LayerRegistry;
import dev.graft.engine.onnx.OnnxGraph;
import dev.graft.engine.onnx.OnnxGraph.Fixed;
import dev.graft.engine.onnx.OnnxGraph.Symbolic;
import dev.graft.engine.onnx.OnnxModelWriter;
import dev.graft.engine.onnx.OnnxUnsupportedException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Graft classifier as one ONNX graph: image batch in, class probabilities out. The input is
 * float32 {@code [N,3,S,S]}, RGB in [0, 1], already composited and resized; everything Graft does to
 * such a tensor afterwards is inside the graph: the architecture's mean/std normalisation, the
 * backbone (see {@link BackboneLowerings}), the head (dense layers with ReLU between them; dropout is
 * the identity at inference), division by the calibration temperature, and softmax.
 */
public final class OnnxExporter {

    /** Operator set of the default domain: 13, the oldest one whose operators Graft's graphs use as is. */
    public static final int OPSET = 13;
    /** Name of the graph's input. */
    public static final String INPUT = "image";
    /** Name of the graph's output. */
    public static final String OUTPUT = "probabilities";
    /** Name of the symbolic batch dimension. */
    public static final String BATCH = "N";

    private OnnxExporter() {}

    /**
     * Builds the graph of a network.
     *
     * @param net the network (inference mode; its tensors are read, never changed)
     * @param temperature the calibration temperature (1 for none): probabilities = softmax(logits / T)
     * @param metadata metadata properties to store (labels and image size are added here)
     * @return the graph
     * @throws OnnxUnsupportedException when the network's kind or one of its layers cannot be exported
     */
    public static OnnxGraph graph(GraftNet net, float temperature, Map<String, String> metadata)
            throws OnnxUnsupportedException {
        ArchitectureSpec spec = net.spec();
        int s = spec.imageSize();
        int classes = spec.classes().size();
        OnnxGraph g = new OnnxGraph("graft", OPSET);
        String x = g.input(INPUT, "RGB image batch, float32 in [0, 1], channels first, " + s + "x" + s
                + " px (composited onto the background and resized as the model's README says)",
                new Symbolic(BATCH), new Fixed(3), new Fixed(s), new Fixed(s));
        x = normalise(g, spec, x);
        String features = BackboneLowerings.forNet(net).lowerTo(g, x);
        String logits = head(g, net, features);
        if (temperature != 1f) {
            String t = g.constant("temperature", new float[] {temperature});
            logits = g.node("Div", "calibrated_logits", List.of(logits, t));
        }
        g.nodeNamed("Softmax", OUTPUT, List.of(logits), attr("axis", 1L));
        g.output(OUTPUT, "class probabilities in the order of labels.txt (metadata 'labels')",
                new Symbolic(BATCH), new Fixed(classes));
        g.metadata("labels", Json.COMPACT.toJson(spec.classes()));
        g.metadata("image_size", Integer.toString(s));
        g.metadata("input", INPUT + ": float32 [N,3," + s + "," + s + "], RGB, values 0-1");
        g.metadata("output", OUTPUT + ": float32 [N," + classes + "], softmax over labels");
        g.metadata("temperature", String.format(Locale.ROOT, "%s", temperature));
        metadata.forEach(g::metadata);
        return g;
    }

    private static String normalise(OnnxGraph g, ArchitectureSpec spec, String x) {
        float[] mean = spec.mean();
        float[] std = spec.std();
        if (std == null) {
            return x;
        }
        // "pixels" has a std (1/255) but no mean
        String centred = mean == null ? x : g.node("Sub", "centred", List.of(x, g.constant("mean", mean, 1, 3, 1, 1)));
        return g.node("Div", "normalised", List.of(centred, g.constant("std", std, 1, 3, 1, 1)));
    }

    /**
     * The head: its dense layers in forward order ({@code head.dense_1} …, then {@code head.fc}) as
     * {@code Gemm} (DJL's Linear keeps its weight as [units, inputs]: transB), ReLU between them.
     */
    private static String head(OnnxGraph g, GraftNet net, String features) throws OnnxUnsupportedException {
        List<LayerRegistry.Layer> dense = new ArrayList<>();
        for (LayerRegistry.Layer l : net.layers().layers()) {
            if (l.path().startsWith(GraftNet.HEAD + ".")) {
                if (!"linear".equals(l.kind())) {
                    throw new OnnxUnsupportedException("Head layer " + l.path() + " is a " + l.kind()
                            + " layer; Graft writes heads of dense layers only. Use --format djl instead.");
                }
                dense.add(l);
            }
        }
        if (dense.size() != net.spec().headHidden().size() + 1) {
            throw new OnnxUnsupportedException("The head has " + dense.size() + " dense layers but its"
                    + " architecture says " + (net.spec().headHidden().size() + 1) + "; the model is inconsistent.");
        }
        String x = features;
        for (int i = 0; i < dense.size(); i++) {
            LayerRegistry.Layer l = dense.get(i);
            Parameter w = l.tensors().get("weight");
            Parameter b = l.tensors().get("bias");
            if (w == null || b == null) {
                throw new OnnxUnsupportedException("Head layer " + l.path() + " lacks a weight or bias tensor.");
            }
            String wName = g.constant(l.path() + ".weight", w.getArray().toFloatArray(),
                    w.getArray().getShape().getShape());
            String bName = g.constant(l.path() + ".bias", b.getArray().toFloatArray(), b.getArray().getShape().getShape());
            boolean last = i == dense.size() - 1;
            x = g.node("Gemm", last ? "logits" : l.path(), List.of(x, wName, bName), attr("transB", 1L));
            if (!last) {
                x = g.node("Relu", l.path() + ".relu", List.of(x));
            }
        }
        return x;
    }

    /**
     * Writes the graph as an ONNX file.
     *
     * @param graph the graph
     * @param graftVersion Graft's version (the model's producer version)
     * @param out where to write
     * @throws IOException if writing fails
     */
    public static void write(OnnxGraph graph, String graftVersion, OutputStream out) throws IOException {
        OnnxModelWriter.write(graph, graftVersion, "Image classifier exported by Graft " + graftVersion
                + ": " + INPUT + " [N,3,H,W] RGB 0-1 in, " + OUTPUT + " [N,classes] out.", out);
    }
}
