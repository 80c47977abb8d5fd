package dev.graft.engine.net.keras;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Creates the {@link KerasOp} of each supported Keras layer class; any other class is refused. */
public final class KerasOps {

    /** Every layer class Graft imports. */
    public static final Set<String> SUPPORTED = Set.of("InputLayer", "Conv2D", "DepthwiseConv2D", "SeparableConv2D",
            "BatchNormalization", "Activation", "ReLU", "LeakyReLU", "ZeroPadding2D", "MaxPooling2D",
            "AveragePooling2D", "GlobalAveragePooling2D", "GlobalMaxPooling2D", "Dense", "Dropout", "SpatialDropout2D",
            "Flatten", "Reshape", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate",
            "Rescaling");

    private KerasOps() {}

    /**
     * Creates a layer's computation.
     *
     * @param layer the layer
     * @param inputs its input shapes (batch included; 4-D as NCHW)
     * @return the op
     * @throws KerasFormatException if the class is not supported or the config is unusable
     */
    public static KerasOp create(KerasLayer layer, Shape[] inputs) throws KerasFormatException {
        String cls = layer.className();
        var c = layer.config();
        Shape in = inputs.length > 0 ? inputs[0] : null;
        if (!isMerge(cls) && inputs.length != 1) {
            throw new KerasFormatException("The " + layer.describe() + " takes one input, not " + inputs.length);
        }
        return switch (cls) {
            case "Conv2D" -> new ConvOp(layer, ConvOp.Type.CONV, in);
            case "DepthwiseConv2D" -> new ConvOp(layer, ConvOp.Type.DEPTHWISE, in);
            case "SeparableConv2D" -> new ConvOp(layer, ConvOp.Type.SEPARABLE, in);
            case "BatchNormalization" -> new BatchNormOp(layer, in);
            case "Dense" -> new DenseOp(layer, in);
            case "Activation" -> activation(layer, Cfg.activation(c));
            case "ReLU" -> relu(layer);
            case "LeakyReLU" -> {
                float alpha = (float) Cfg.number(c, c.has("negative_slope") ? "negative_slope" : "alpha", 0.3, 0, 1e6);
                yield new FunctionOp(layer, s -> s[0], (x, t) -> Activation.leakyRelu(x.get(0), alpha));
            }
            case "Dropout", "SpatialDropout2D" -> {
                float rate = (float) Cfg.number(c, "rate", 0, 0, 1);
                yield new FunctionOp(layer, s -> s[0], (x, t) -> t && rate > 0
                        ? Dropout.dropout(x.get(0), rate, true).singletonOrThrow() : x.get(0));
            }
            case "ZeroPadding2D" -> zeroPadding(layer);
            case "MaxPooling2D", "AveragePooling2D" -> pooling(layer, cls.startsWith("Max"));
            case "GlobalAveragePooling2D", "GlobalMaxPooling2D" -> globalPooling(layer, cls.contains("Max"));
            case "Flatten" -> new FunctionOp(layer, s -> new Shape(s[0].get(0), s[0].size() / s[0].get(0)),
                    (x, t) -> toKeras(x.get(0)).reshape(x.get(0).getShape().get(0), -1));
            case "Reshape" -> reshape(layer);
            case "Rescaling" -> {
                float scale = (float) Cfg.number(c, "scale", 1, -1e9, 1e9);
                float offset = (float) Cfg.number(c, "offset", 0, -1e9, 1e9);
                yield new FunctionOp(layer, s -> s[0], (x, t) -> x.get(0).mul(scale).add(offset));
            }
            case "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum" -> merge(layer, cls, inputs);
            case "Concatenate" -> concatenate(layer, inputs);
            case "InputLayer" -> throw new IllegalStateException("inputs have no op");
            default -> throw unsupported(layer);
        };
    }

    /**
     * The refusal of a layer class Graft does not import.
     *
     * @param layer the layer
     * @return the exception naming the layer, its class and what is supported
     */
    public static KerasFormatException unsupported(KerasLayer layer) {
        return new KerasFormatException("The " + layer.describe() + " is not supported by Graft's importer."
                + " Supported layers: " + String.join(", ", new TreeSet<>(SUPPORTED)) + ".");
    }

    private static boolean isMerge(String cls) {
        return Set.of("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate").contains(cls);
    }

    /** NCHW to Keras' NHWC for 4-D arrays; other ranks are already in Keras' layout. */
    static NDArray toKeras(NDArray x) {
        return x.getShape().dimension() == 4 ? x.transpose(0, 2, 3, 1) : x;
    }

    private static NDArray fromKeras(NDArray x) {
        return x.getShape().dimension() == 4 ? x.transpose(0, 3, 1, 2) : x;
    }

    /** Graft's axis for a Keras axis of a tensor of some rank. */
    static int axis(int kerasAxis, int rank) {
        int a = kerasAxis < 0 ? kerasAxis + rank : kerasAxis;
        if (rank != 4 || a == 0) {
            return a;
        }
        return a == 3 ? 1 : a + 1;
    }

    private static KerasOp activation(KerasLayer layer, String name) throws KerasFormatException {
        Activations.check(name, layer);
        return new FunctionOp(layer, s -> s[0], (x, t) -> Activations.apply(name, x.get(0)));
    }

    private static KerasOp relu(KerasLayer layer) throws KerasFormatException {
        var c = layer.config();
        double max = c.has("max_value") && !c.get("max_value").isJsonNull()
                ? Cfg.number(c, "max_value", 0, 0, 1e30) : Double.POSITIVE_INFINITY;
        float slope = (float) Cfg.number(c, "negative_slope", 0, 0, 1e6);
        float threshold = (float) Cfg.number(c, "threshold", 0, -1e9, 1e9);
        return new FunctionOp(layer, s -> s[0], (list, t) -> {
            NDArray x = list.get(0);
            NDArray y;
            if (slope == 0 && threshold == 0) {
                y = Activation.relu(x);
            } else {
                // Keras: x below the threshold becomes negative_slope * (x - threshold)
                NDArray below = x.sub(threshold).mul(slope);
                y = NDArrays.where(x.gte(threshold), x, below);
            }
            return Double.isInfinite(max) ? y : y.minimum((float) max);
        });
    }

    private static KerasOp zeroPadding(KerasLayer layer) throws KerasFormatException {
        int[] pad = zeroPads(layer);
        return new FunctionOp(layer, s -> new Shape(s[0].get(0), s[0].get(1), s[0].get(2) + pad[0] + pad[1],
                s[0].get(3) + pad[2] + pad[3]), (x, t) -> x.get(0).pad(new Shape(pad[2], pad[3], pad[0], pad[1]), 0));
    }

    /**
     * A ZeroPadding2D layer's padding.
     *
     * @param layer the layer
     * @return {top, bottom, left, right}
     * @throws KerasFormatException if unreadable
     */
    static int[] zeroPads(KerasLayer layer) throws KerasFormatException {
        JsonElement p = layer.config().get("padding");
        int[] hw = new int[4]; // top, bottom, left, right
        if (p == null || p.isJsonNull()) {
            hw = new int[] {1, 1, 1, 1};
        } else if (p.isJsonPrimitive()) {
            int v = p.getAsInt();
            hw = new int[] {v, v, v, v};
        } else {
            JsonArray a = p.getAsJsonArray();
            if (a.size() != 2) {
                throw new KerasFormatException("The " + layer.describe() + " has an unreadable padding " + p);
            }
            for (int i = 0; i < 2; i++) {
                JsonElement e = a.get(i);
                if (e.isJsonPrimitive()) {
                    hw[2 * i] = e.getAsInt();
                    hw[2 * i + 1] = e.getAsInt();
                } else {
                    hw[2 * i] = e.getAsJsonArray().get(0).getAsInt();
                    hw[2 * i + 1] = e.getAsJsonArray().get(1).getAsInt();
                }
            }
        }
        for (int v : hw) {
            if (v < 0 || v > 4096) {
                throw new KerasFormatException("The " + layer.describe() + " pads by " + v);
            }
        }
        return hw;
    }

    private static KerasOp pooling(KerasLayer layer, boolean max) throws KerasFormatException {
        var c = layer.config();
        int[] size = Cfg.pair(c, "pool_size", new int[] {2, 2}, 1, 4096);
        int[] stride = Cfg.pair(c, "strides", size, 1, 4096);
        Padding padding = Padding.of(Cfg.optString(c, "padding", "valid"), size, stride, new int[] {1, 1}, layer);
        Shape kernel = new Shape(size[0], size[1]);
        Shape strides = new Shape(stride[0], stride[1]);
        return new FunctionOp(layer, s -> padding.outShape(s[0], s[0].get(1), layer), (list, t) -> {
            NDArray x = list.get(0);
            if (max) {
                Object[] p = padding.apply(x, Float.NEGATIVE_INFINITY);
                return Pool.maxPool2d((NDArray) p[0], kernel, strides, (Shape) p[1], false);
            }
            int[] ph = padding.pads(x.getShape().get(2), 0);
            int[] pw = padding.pads(x.getShape().get(3), 1);
            Shape none = new Shape(0, 0);
            if (ph[0] + ph[1] + pw[0] + pw[1] == 0) {
                return Pool.avgPool2d(x, kernel, strides, none, false, true);
            }
            // "same": TensorFlow averages over the real pixels of each window only. The padding is
            // made explicit and the window sums divided by the window's count of real pixels, so the
            // result does not depend on how libtorch counts padding
            Shape pads = new Shape(pw[0], pw[1], ph[0], ph[1]);
            NDArray sums = Pool.avgPool2d(x.pad(pads, 0), kernel, strides, none, false, true);
            NDArray ones = x.getManager().ones(new Shape(1, 1, x.getShape().get(2), x.getShape().get(3)),
                    x.getDataType());
            NDArray counts = Pool.avgPool2d(ones.pad(pads, 0), kernel, strides, none, false, true);
            return sums.div(counts);
        });
    }

    private static KerasOp globalPooling(KerasLayer layer, boolean max) {
        boolean keep = Cfg.bool(layer.config(), "keepdims", false);
        return new FunctionOp(layer, s -> {
            if (s[0].dimension() != 4) {
                throw new KerasFormatException("The " + layer.describe() + " needs a 4-D input, not " + s[0]);
            }
            return keep ? new Shape(s[0].get(0), s[0].get(1), 1, 1) : new Shape(s[0].get(0), s[0].get(1));
        }, (list, t) -> {
            NDArray x = list.get(0);
            NDArray y = max ? x.max(new int[] {3}).max(new int[] {2}) : x.mean(new int[] {3}).mean(new int[] {2});
            return keep ? y.reshape(y.getShape().get(0), y.getShape().get(1), 1, 1) : y;
        });
    }

    private static KerasOp reshape(KerasLayer layer) throws KerasFormatException {
        JsonArray target = Cfg.array(layer.config(), "target_shape");
        if (target.isEmpty() || target.size() > 3) {
            throw new KerasFormatException("The " + layer.describe() + " reshapes to " + target + "; Graft supports"
                    + " 1 to 3 dimensions.");
        }
        long[] dims = new long[target.size()];
        int unknown = -1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = target.get(i).getAsLong();
            if (dims[i] == -1 && unknown < 0) {
                unknown = i;
            } else if (dims[i] < 1) {
                throw new KerasFormatException("The " + layer.describe() + " reshapes to " + target);
            }
        }
        int free = unknown;
        return new FunctionOp(layer, s -> {
            long per = s[0].size() / s[0].get(0);
            long[] out = dims.clone();
            long known = 1;
            for (int i = 0; i < out.length; i++) {
                known *= i == free ? 1 : out[i];
            }
            if (free >= 0) {
                out[free] = per / known;
                known *= out[free];
            }
            if (known != per) {
                throw new KerasFormatException("The " + layer.describe() + " cannot reshape " + s[0] + " to "
                        + target);
            }
            long[] keras = new long[out.length + 1];
            keras[0] = s[0].get(0);
            System.arraycopy(out, 0, keras, 1, out.length);
            // a 4-D result is NCHW in Graft's layout
            return keras.length == 4 ? new Shape(keras[0], keras[3], keras[1], keras[2]) : new Shape(keras);
        }, (list, t) -> {
            NDArray x = list.get(0);
            long[] shape = new long[dims.length + 1];
            shape[0] = x.getShape().get(0);
            for (int i = 0; i < dims.length; i++) {
                shape[i + 1] = dims[i];
            }
            return fromKeras(toKeras(x).reshape(new Shape(shape)));
        });
    }

    private static KerasOp merge(KerasLayer layer, String cls, Shape[] inputs) throws KerasFormatException {
        if (inputs.length < 2 || ("Subtract".equals(cls) && inputs.length != 2)) {
            throw new KerasFormatException("The " + layer.describe() + " needs two or more inputs, not "
                    + inputs.length);
        }
        return new FunctionOp(layer, s -> {
            Shape out = s[0];
            for (Shape o : s) {
                out = broadcast(out, o, layer);
            }
            return out;
        }, (list, t) -> {
            NDArray acc = list.get(0);
            for (int i = 1; i < list.size(); i++) {
                NDArray x = list.get(i);
                acc = switch (cls) {
                    case "Add", "Average" -> acc.add(x);
                    case "Subtract" -> acc.sub(x);
                    case "Multiply" -> acc.mul(x);
                    case "Maximum" -> acc.maximum(x);
                    default -> acc.minimum(x);
                };
            }
            return "Average".equals(cls) ? acc.div((float) list.size()) : acc;
        });
    }

    private static Shape broadcast(Shape a, Shape b, KerasLayer layer) throws KerasFormatException {
        if (a.dimension() != b.dimension()) {
            throw new KerasFormatException("The " + layer.describe() + " gets inputs of different ranks: " + a
                    + " and " + b);
        }
        long[] out = new long[a.dimension()];
        for (int i = 0; i < out.length; i++) {
            long x = a.get(i);
            long y = b.get(i);
            if (x != y && x != 1 && y != 1) {
                throw new KerasFormatException("The " + layer.describe() + " gets inputs of shapes " + a + " and "
                        + b + ", which do not fit together.");
            }
            out[i] = Math.max(x, y);
        }
        return new Shape(out);
    }

    private static KerasOp concatenate(KerasLayer layer, Shape[] inputs) throws KerasFormatException {
        int kerasAxis = Cfg.integer(layer.config(), "axis", -1, -4, 4);
        int rank = inputs[0].dimension();
        int axis = axis(kerasAxis, rank);
        if (axis <= 0 || axis >= rank) {
            throw new KerasFormatException("The " + layer.describe() + " concatenates over axis " + kerasAxis);
        }
        return new FunctionOp(layer, s -> {
            long[] out = s[0].getShape().clone();
            for (int i = 1; i < s.length; i++) {
                for (int d = 0; d < out.length; d++) {
                    if (d != axis && s[i].get(d) != out[d] || s[i].dimension() != out.length) {
                        throw new KerasFormatException("The " + layer.describe() + " gets shapes " + s[0] + " and "
                                + s[i] + ", which do not fit together.");
                    }
                }
                out[axis] += s[i].get(axis);
            }
            return new Shape(out);
        }, (list, t) -> NDArrays.concat(list, axis));
    }

    /**
     * The input shapes of a layer in Graft's layout, from its Keras config.
     *
     * @param layer an InputLayer
     * @param imageSize the image side when the model leaves it open
     * @return the shape, batch 1
     * @throws KerasFormatException if the input is not an RGB image
     */
    public static Shape inputShape(KerasLayer layer, int imageSize) throws KerasFormatException {
        var c = layer.config();
        JsonElement e = c.has("batch_input_shape") ? c.get("batch_input_shape") : c.get("batch_shape");
        if (e == null || !e.isJsonArray() || e.getAsJsonArray().size() != 4) {
            throw new KerasFormatException("The model's input " + layer.describe() + " is not an image batch"
                    + " [batch, height, width, channels]: " + e);
        }
        List<Long> dims = new ArrayList<>();
        for (JsonElement d : e.getAsJsonArray()) {
            dims.add(d.isJsonNull() ? -1L : d.getAsLong());
        }
        if (dims.get(3) != 3) {
            throw new KerasFormatException("The model takes " + dims.get(3) + " channels; Graft feeds RGB images"
                    + " (3 channels).");
        }
        return new Shape(1, 3, imageSize, imageSize);
    }

    /**
     * The image side a model's input fixes, or 0 when it takes any size.
     *
     * @param layer the InputLayer
     * @return the side in pixels
     * @throws KerasFormatException if height and width differ
     */
    public static int fixedImageSize(KerasLayer layer) throws KerasFormatException {
        var c = layer.config();
        JsonElement e = c.has("batch_input_shape") ? c.get("batch_input_shape") : c.get("batch_shape");
        if (e == null || !e.isJsonArray() || e.getAsJsonArray().size() != 4) {
            throw new KerasFormatException("The model's input is not an image batch: " + e);
        }
        JsonArray a = e.getAsJsonArray();
        if (a.get(1).isJsonNull() || a.get(2).isJsonNull()) {
            return 0;
        }
        if (a.get(1).getAsInt() != a.get(2).getAsInt()) {
            throw new KerasFormatException("The model takes " + a.get(1) + "×" + a.get(2) + " images; Graft trains on"
                    + " square images.");
        }
        return a.get(1).getAsInt();
    }
}
