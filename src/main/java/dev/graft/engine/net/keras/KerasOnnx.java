package dev.graft.engine.net.keras;

import static dev.graft.engine.onnx.OnnxGraph.attr;
import static dev.graft.engine.onnx.OnnxGraph.attrs;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import dev.graft.engine.net.GraftNet;
import dev.graft.engine.net.TappedBackbone;
import dev.graft.engine.onnx.OnnxGraph;
import dev.graft.engine.onnx.OnnxUnsupportedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An imported Keras network's stages as ONNX operators, layer by layer, in Graft's NCHW layout and
 * with the same arithmetic as the DJL ops: TensorFlow's "same" padding as explicit (possibly
 * asymmetric) pads, averages over real pixels only, BatchNormalization in inference form, Dense on
 * image tensors as a 1×1 convolution, Flatten and Reshape in Keras' channels-last order. Every
 * layer class Graft imports is written; a layer configured in a way ONNX cannot express here is
 * refused by name.
 */
public final class KerasOnnx {

    private final Map<String, KerasGraphBlock> stages = new HashMap<>();
    private final Map<String, Shape> shapes = new HashMap<>();

    private KerasOnnx(GraftNet net) {
        List<KerasGraphBlock> graphs = KerasNetBuilder.graphs(net);
        List<String> names = net.backbone() instanceof TappedBackbone t ? t.stageNames() : List.of();
        if (graphs.isEmpty() || graphs.size() != names.size()) {
            throw new IllegalArgumentException("not a network built from a Keras topology");
        }
        int s = net.spec().imageSize();
        for (int i = 0; i < graphs.size(); i++) {
            KerasGraphBlock g = graphs.get(i);
            stages.put(names.get(i), g);
            for (KerasNode n : g.nodes()) {
                shapes.put(n.layer().id(), n.outputShape());
            }
        }
        shapes.putIfAbsent(graphs.get(0).inputId(), new Shape(1, 3, s, s));
    }

    /**
     * The lowering of a network built by {@link KerasNetBuilder}.
     *
     * @param net the network
     * @return its stages' lowering
     */
    public static KerasOnnx of(GraftNet net) {
        return new KerasOnnx(net);
    }

    /**
     * The rank of a stage's output (4 for image tensors, 2 for feature vectors).
     *
     * @param stage the stage
     * @return its rank
     */
    public int outputRank(String stage) {
        KerasGraphBlock b = stages.get(stage);
        return b == null ? 4 : shapes.get(b.outputId()).dimension();
    }

    /**
     * Writes one stage.
     *
     * @param g the graph
     * @param stage the stage's name
     * @param input its input tensor
     * @return its output tensor
     * @throws OnnxUnsupportedException naming a layer that cannot be written
     */
    public String lower(OnnxGraph g, String stage, String input) throws OnnxUnsupportedException {
        KerasGraphBlock block = stages.get(stage);
        if (block == null) {
            throw new OnnxUnsupportedException("The Keras network has no stage '" + stage + "'.");
        }
        Map<String, String> values = new HashMap<>();
        values.put(block.inputId(), input);
        for (KerasNode n : block.nodes()) {
            List<String> in = new ArrayList<>();
            List<Shape> inShapes = new ArrayList<>();
            for (String id : n.layer().inputs()) {
                in.add(values.get(id));
                inShapes.add(shapes.get(id));
            }
            try {
                values.put(n.layer().id(), layer(g, n, in, inShapes));
            } catch (KerasFormatException e) {
                throw new OnnxUnsupportedException(e.getMessage());
            }
        }
        return values.get(block.outputId());
    }

    private String layer(OnnxGraph g, KerasNode n, List<String> in, List<Shape> inShapes)
            throws OnnxUnsupportedException, KerasFormatException {
        KerasLayer l = n.layer();
        JsonObject c = l.config();
        String name = l.id();
        String x = in.get(0);
        int rank = inShapes.get(0).dimension();
        return switch (l.className()) {
            case "Conv2D", "DepthwiseConv2D", "SeparableConv2D" -> conv(g, n, x, inShapes.get(0));
            case "BatchNormalization" -> batchNorm(g, n, x);
            case "Dense" -> dense(g, n, x, rank);
            case "Activation" -> activation(g, Cfg.activation(c), x, rank, name);
            case "ReLU" -> relu(g, c, x, name);
            case "LeakyReLU" -> g.node("LeakyRelu", name, List.of(x), attr("alpha",
                    (float) Cfg.number(c, c.has("negative_slope") ? "negative_slope" : "alpha", 0.3, 0, 1e6)));
            case "Dropout", "SpatialDropout2D" -> x;
            case "ZeroPadding2D" -> {
                Shape out = n.outputShape();
                Shape s = inShapes.get(0);
                int[] pad = KerasOps.zeroPads(l);
                if (out.get(2) != s.get(2) + pad[0] + pad[1] || out.get(3) != s.get(3) + pad[2] + pad[3]) {
                    throw new OnnxUnsupportedException("The " + l.describe() + " pads inconsistently.");
                }
                String pads = ints(g, name + ".pads", 0, 0, pad[0], pad[2], 0, 0, pad[1], pad[3]);
                yield g.node("Pad", name, List.of(x, pads));
            }
            case "MaxPooling2D", "AveragePooling2D" -> pool(g, l, x, inShapes.get(0));
            case "GlobalAveragePooling2D", "GlobalMaxPooling2D" -> {
                String y = g.node(l.className().contains("Max") ? "GlobalMaxPool" : "GlobalAveragePool", name,
                        List.of(x));
                yield Cfg.bool(c, "keepdims", false) ? y : g.node("Flatten", name + ".flat", List.of(y),
                        attr("axis", 1L));
            }
            case "Flatten" -> g.node("Flatten", name, List.of(toKeras(g, x, rank, name)), attr("axis", 1L));
            case "Reshape" -> {
                long[] out = n.outputShape().getShape();
                // the target in Keras' order: a 4-D (NCHW) result is NHWC before the transpose back
                long[] keras = out.length == 4 ? new long[] {0, out[2], out[3], out[1]} : out.clone();
                keras[0] = 0; // ONNX: 0 keeps the input's batch size
                String y = g.node("Reshape", name, List.of(toKeras(g, x, rank, name), ints(g, name + ".shape", keras)));
                yield out.length == 4 ? g.node("Transpose", name + ".nchw", List.of(y), attrs("perm", 0, 3, 1, 2)) : y;
            }
            case "Rescaling" -> {
                String scale = g.constant(name + ".scale", new float[] {(float) Cfg.number(c, "scale", 1, -1e9, 1e9)});
                String offset = g.constant(name + ".offset",
                        new float[] {(float) Cfg.number(c, "offset", 0, -1e9, 1e9)});
                yield g.node("Add", name, List.of(g.node("Mul", name + ".scaled", List.of(x, scale)), offset));
            }
            case "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum" -> merge(g, l.className(), in, name);
            case "Concatenate" -> g.node("Concat", name, in, attr("axis",
                    (long) KerasOps.axis(Cfg.integer(c, "axis", -1, -4, 4), rank)));
            default -> throw new OnnxUnsupportedException("The " + l.describe() + " has no ONNX form in Graft.");
        };
    }

    private String conv(OnnxGraph g, KerasNode n, String x, Shape in) throws KerasFormatException {
        KerasLayer l = n.layer();
        JsonObject c = l.config();
        int[] kernel = Cfg.pair(c, "kernel_size", null, 1, 64);
        int[] stride = Cfg.pair(c, "strides", new int[] {1, 1}, 1, 64);
        int[] dilation = Cfg.pair(c, "dilation_rate", new int[] {1, 1}, 1, 64);
        Padding padding = Padding.of(Cfg.optString(c, "padding", "valid"), kernel, stride, dilation, l);
        int[] ph = padding.pads(in.get(2), 0);
        int[] pw = padding.pads(in.get(3), 1);
        Map<String, Parameter> t = n.parameters();
        String name = l.id();
        long channels = in.get(1);
        String y;
        if ("Conv2D".equals(l.className())) {
            long groups = Cfg.integer(c, "groups", 1, 1, 65536);
            y = conv2d(g, name, x, t.get("weight"), t.get("bias"), kernel, stride, dilation,
                    new long[] {ph[0], pw[0], ph[1], pw[1]}, groups);
        } else if ("DepthwiseConv2D".equals(l.className())) {
            y = conv2d(g, name, x, t.get("weight"), t.get("bias"), kernel, stride, dilation,
                    new long[] {ph[0], pw[0], ph[1], pw[1]}, channels);
        } else {
            String d = conv2d(g, name + ".depthwise", x, t.get("depthwise_weight"), null, kernel, stride, dilation,
                    new long[] {ph[0], pw[0], ph[1], pw[1]}, channels);
            y = conv2d(g, name, d, t.get("pointwise_weight"), t.get("bias"), new int[] {1, 1}, new int[] {1, 1},
                    new int[] {1, 1}, new long[] {0, 0, 0, 0}, 1);
        }
        return activation(g, Cfg.activation(c), y, 4, name);
    }

    private static String conv2d(OnnxGraph g, String name, String x, Parameter weight, Parameter bias, int[] kernel,
            int[] stride, int[] dilation, long[] pads, long groups) {
        List<String> in = new ArrayList<>(List.of(x, tensor(g, name + ".weight", weight)));
        if (bias != null) {
            in.add(tensor(g, name + ".bias", bias));
        }
        return g.node("Conv", name, in, attrs("kernel_shape", kernel[0], kernel[1]),
                attrs("strides", stride[0], stride[1]), attrs("dilations", dilation[0], dilation[1]),
                attrs("pads", pads), attr("group", groups));
    }

    private static String batchNorm(OnnxGraph g, KerasNode n, String x) throws KerasFormatException {
        BatchNormOp op = (BatchNormOp) n.op();
        // gamma and beta are there even when Keras has none: fixed at 1 and 0
        var p = op.batchNorm().norm().getParameters();
        String name = n.layer().id();
        float epsilon = (float) Cfg.number(n.layer().config(), "epsilon", 1e-3, 1e-12, 1);
        return g.node("BatchNormalization", name, List.of(x, tensor(g, name + ".gamma", p.get("gamma")),
                tensor(g, name + ".beta", p.get("beta")), tensor(g, name + ".mean", p.get("runningMean")),
                tensor(g, name + ".var", p.get("runningVar"))), attr("epsilon", epsilon));
    }

    private static String dense(OnnxGraph g, KerasNode n, String x, int rank) throws OnnxUnsupportedException,
            KerasFormatException {
        Map<String, Parameter> t = n.parameters();
        Parameter w = t.get("weight");
        String name = n.layer().id();
        long[] ws = w.getArray().getShape().getShape();
        String y;
        if (rank == 2) {
            String b = t.get("bias") != null ? tensor(g, name + ".bias", t.get("bias"))
                    : g.constant(name + ".bias", new float[(int) ws[0]], ws[0]);
            y = g.node("Gemm", name, List.of(x, tensor(g, name + ".weight", w), b), attr("transB", 1L));
        } else if (rank == 4) {
            // Dense on the channels of an image tensor is a 1×1 convolution
            List<String> in = new ArrayList<>(List.of(x, g.constant(name + ".weight", w.getArray().toFloatArray(),
                    ws[0], ws[1], 1, 1)));
            if (t.get("bias") != null) {
                in.add(tensor(g, name + ".bias", t.get("bias")));
            }
            y = g.node("Conv", name, in, attrs("kernel_shape", 1, 1));
        } else {
            throw new OnnxUnsupportedException("The " + n.layer().describe() + " works on a " + rank
                    + "-D tensor; Graft writes Dense layers on vectors and images as ONNX.");
        }
        return activation(g, Cfg.activation(n.layer().config()), y, rank, name);
    }

    private String relu(OnnxGraph g, JsonObject c, String x, String name) throws KerasFormatException {
        double max = c.has("max_value") && !c.get("max_value").isJsonNull()
                ? Cfg.number(c, "max_value", 0, 0, 1e30) : Double.POSITIVE_INFINITY;
        float slope = (float) Cfg.number(c, "negative_slope", 0, 0, 1e6);
        float threshold = (float) Cfg.number(c, "threshold", 0, -1e9, 1e9);
        String y;
        if (slope == 0 && threshold == 0) {
            if (!Double.isInfinite(max)) {
                return g.node("Clip", name, List.of(x, g.constant(name + ".min", new float[] {0f}),
                        g.constant(name + ".max", new float[] {(float) max})));
            }
            y = g.node("Relu", name, List.of(x));
        } else {
            // Keras: x below the threshold becomes negative_slope * (x - threshold)
            String thr = g.constant(name + ".threshold", new float[] {threshold});
            String below = g.node("Mul", name + ".below", List.of(g.node("Sub", name + ".shifted", List.of(x, thr)),
                    g.constant(name + ".slope", new float[] {slope})));
            String above = g.node("GreaterOrEqual", name + ".above", List.of(x, thr));
            y = g.node("Where", name, List.of(above, x, below));
        }
        return Double.isInfinite(max) ? y : g.node("Min", name + ".capped", List.of(y,
                g.constant(name + ".max", new float[] {(float) max})));
    }

    private static String activation(OnnxGraph g, String fn, String x, int rank, String name) {
        String a = name + "." + fn;
        return switch (fn) {
            case "linear" -> x;
            case "relu" -> g.node("Relu", a, List.of(x));
            case "relu6" -> g.node("Clip", a, List.of(x, g.constant(a + ".min", new float[] {0f}),
                    g.constant(a + ".max", new float[] {6f})));
            case "sigmoid" -> g.node("Sigmoid", a, List.of(x));
            case "hard_sigmoid" -> g.node("HardSigmoid", a, List.of(x), attr("alpha", 0.2f), attr("beta", 0.5f));
            case "swish", "silu" -> g.node("Mul", a, List.of(x, g.node("Sigmoid", a + ".gate", List.of(x))));
            case "tanh" -> g.node("Tanh", a, List.of(x));
            case "softmax" -> g.node("Softmax", a, List.of(x), attr("axis", rank == 4 ? 1L : -1L));
            case "elu" -> g.node("Elu", a, List.of(x), attr("alpha", 1f));
            case "softplus" -> g.node("Softplus", a, List.of(x));
            case "softsign" -> g.node("Softsign", a, List.of(x));
            case "selu" -> g.node("Selu", a, List.of(x));
            default -> throw new IllegalStateException("unchecked activation " + fn);
        };
    }

    private static String pool(OnnxGraph g, KerasLayer l, String x, Shape in) throws KerasFormatException {
        JsonObject c = l.config();
        int[] size = Cfg.pair(c, "pool_size", new int[] {2, 2}, 1, 4096);
        int[] stride = Cfg.pair(c, "strides", size, 1, 4096);
        Padding padding = Padding.of(Cfg.optString(c, "padding", "valid"), size, stride, new int[] {1, 1}, l);
        int[] ph = padding.pads(in.get(2), 0);
        int[] pw = padding.pads(in.get(3), 1);
        boolean max = l.className().startsWith("Max");
        // MaxPool ignores padded cells; AveragePool's count_include_pad 0 averages the real pixels only,
        // as TensorFlow's "same" does
        return g.node(max ? "MaxPool" : "AveragePool", l.id(), List.of(x), attrs("kernel_shape", size[0], size[1]),
                attrs("strides", stride[0], stride[1]), attrs("pads", ph[0], pw[0], ph[1], pw[1]));
    }

    private static String merge(OnnxGraph g, String cls, List<String> in, String name) {
        String op = switch (cls) {
            case "Add", "Average" -> "Add";
            case "Subtract" -> "Sub";
            case "Multiply" -> "Mul";
            case "Maximum" -> "Max";
            default -> "Min";
        };
        String acc = in.get(0);
        for (int i = 1; i < in.size(); i++) {
            acc = g.node(op, i == in.size() - 1 && !"Average".equals(cls) ? name : name + "." + i,
                    List.of(acc, in.get(i)));
        }
        return "Average".equals(cls) ? g.node("Div", name, List.of(acc, g.constant(name + ".count",
                new float[] {in.size()}))) : acc;
    }

    /** NCHW to Keras' NHWC before an order-dependent layer; other ranks are already in Keras' order. */
    private static String toKeras(OnnxGraph g, String x, int rank, String name) {
        return rank == 4 ? g.node("Transpose", name + ".nhwc", List.of(x), attrs("perm", 0, 2, 3, 1)) : x;
    }

    /** A 1-D int64 tensor (Pad's pads, Reshape's shape), as a Constant node. */
    private static String ints(OnnxGraph g, String hint, long... values) {
        return g.node("Constant", hint, List.of(), attrs("value_ints", values));
    }

    private static String tensor(OnnxGraph g, String hint, Parameter p) {
        return g.constant(hint, p.getArray().toFloatArray(), p.getArray().getShape().getShape());
    }
}
