package dev.graft.engine.net.keras;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras' Conv2D, DepthwiseConv2D (with depth_multiplier) and SeparableConv2D (a depthwise then a
 * 1×1 convolution), with TensorFlow's padding and an optional activation.
 */
final class ConvOp extends WeightedOp {

    /** Which Keras class. */
    enum Type { CONV, DEPTHWISE, SEPARABLE }

    private final Type type;
    private final Padding padding;
    private final int filters;
    private final int multiplier;
    private final int groups;
    private final String activation;
    private final long inChannels;
    private final Parameter weight;
    private final Parameter pointwise;
    private final Parameter bias;

    ConvOp(KerasLayer layer, Type type, Shape input) throws KerasFormatException {
        super(layer);
        this.type = type;
        var c = layer.config();
        if (!"channels_last".equals(Cfg.optString(c, "data_format", "channels_last"))) {
            throw new KerasFormatException("The " + layer.describe() + " uses data_format "
                    + Cfg.optString(c, "data_format", "") + "; Graft imports channels_last models.");
        }
        if (input.dimension() != 4) {
            throw new KerasFormatException("The " + layer.describe() + " needs an image-shaped input, not " + input);
        }
        int[] kernel = Cfg.pair(c, "kernel_size", null, 1, 64);
        int[] stride = Cfg.pair(c, "strides", new int[] {1, 1}, 1, 64);
        int[] dilation = Cfg.pair(c, "dilation_rate", new int[] {1, 1}, 1, 64);
        if ((stride[0] > 1 || stride[1] > 1) && (dilation[0] > 1 || dilation[1] > 1)) {
            throw new KerasFormatException("The " + layer.describe() + " combines strides and dilation.");
        }
        padding = Padding.of(Cfg.optString(c, "padding", "valid"), kernel, stride, dilation, layer);
        activation = Cfg.activation(c);
        Activations.check(activation, layer);
        inChannels = input.get(1);
        boolean useBias = Cfg.bool(c, "use_bias", true);
        multiplier = type == Type.CONV ? 1 : Cfg.integer(c, "depth_multiplier", 1, 1, 4096);
        int g = type == Type.CONV ? Cfg.integer(c, "groups", 1, 1, 65536) : 1;
        if (inChannels % g != 0) {
            throw new KerasFormatException("The " + layer.describe() + " has " + g + " groups for " + inChannels
                    + " input channels.");
        }
        groups = g;
        filters = type == Type.DEPTHWISE ? (int) inChannels * multiplier : Cfg.integer(c, "filters", 0, 1, 65536);
        if (type == Type.CONV) {
            weight = param("weight", Parameter.Type.WEIGHT, new Shape(filters, inChannels / groups, kernel[0],
                    kernel[1]));
            pointwise = null;
        } else {
            weight = param(type == Type.SEPARABLE ? "depthwise_weight" : "weight", Parameter.Type.WEIGHT,
                    new Shape(inChannels * multiplier, 1, kernel[0], kernel[1]));
            pointwise = type == Type.SEPARABLE ? param("pointwise_weight", Parameter.Type.WEIGHT,
                    new Shape(filters, inChannels * multiplier, 1, 1)) : null;
        }
        bias = useBias ? param("bias", Parameter.Type.BIAS, new Shape(filters)) : null;
    }

    @Override
    public String kind() {
        return switch (type) {
            case CONV -> "conv";
            case DEPTHWISE -> "depthwise_conv";
            case SEPARABLE -> "separable_conv";
        };
    }

    @Override
    public List<WeightMapping> kerasWeights() {
        List<WeightMapping> w = new ArrayList<>();
        switch (type) {
            case CONV -> w.add(new WeightMapping("kernel", "weight", Layout.CONV));
            case DEPTHWISE -> w.add(new WeightMapping("depthwise_kernel", "weight", Layout.DEPTHWISE));
            case SEPARABLE -> {
                w.add(new WeightMapping("depthwise_kernel", "depthwise_weight", Layout.DEPTHWISE));
                w.add(new WeightMapping("pointwise_kernel", "pointwise_weight", Layout.CONV));
            }
        }
        if (bias != null) {
            w.add(new WeightMapping("bias", "bias", Layout.SAME));
        }
        return w;
    }

    @Override
    public Shape outputShape(Shape[] inputs) throws KerasFormatException {
        if (inputs[0].dimension() != 4 || inputs[0].get(1) != inChannels) {
            throw new KerasFormatException("The " + layer.describe() + " expects " + inChannels
                    + " input channels, not the shape " + inputs[0]);
        }
        return padding.outShape(inputs[0], filters, layer);
    }

    @Override
    public NDArray compute(ParameterStore ps, NDList inputs, boolean training) {
        NDArray x = inputs.singletonOrThrow();
        Object[] padded = padding.apply(x, 0);
        NDArray in = (NDArray) padded[0];
        Shape pad = (Shape) padded[1];
        Shape stride = new Shape(padding.stride()[0], padding.stride()[1]);
        Shape dilation = new Shape(padding.dilation()[0], padding.dilation()[1]);
        NDArray w = value(ps, weight, x, training);
        NDArray b = value(ps, bias, x, training);
        NDArray y;
        if (type == Type.CONV) {
            y = Conv2d.conv2d(in, w, b, stride, pad, dilation, groups).singletonOrThrow();
        } else if (type == Type.DEPTHWISE) {
            y = Conv2d.conv2d(in, w, b, stride, pad, dilation, (int) inChannels).singletonOrThrow();
        } else {
            NDArray d = Conv2d.conv2d(in, w, null, stride, pad, dilation, (int) inChannels).singletonOrThrow();
            y = Conv2d.conv2d(d, value(ps, pointwise, x, training), b, new Shape(1, 1), new Shape(0, 0),
                    new Shape(1, 1), 1).singletonOrThrow();
        }
        return Activations.apply(activation, y);
    }
}
