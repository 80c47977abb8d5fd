package dev.graft.engine.net.keras;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * TensorFlow's "same" and "valid" padding. "same" pads {@code max((ceil(n/s) - 1)·s + k_eff - n, 0)}
 * in all, the smaller half before: with an even input and stride 2 that is one row at the bottom and
 * one column at the right only, which libtorch's symmetric padding cannot express, so such inputs
 * are padded explicitly. Computed from the actual input size on every call, so a network works at
 * any image size.
 *
 * @param same true for "same", false for "valid"
 * @param kernel kernel height and width
 * @param stride strides
 * @param dilation dilation rates
 */
record Padding(boolean same, int[] kernel, int[] stride, int[] dilation) {

    static Padding of(String mode, int[] kernel, int[] stride, int[] dilation, KerasLayer layer)
            throws KerasFormatException {
        if (!"same".equals(mode) && !"valid".equals(mode)) {
            throw new KerasFormatException("The " + layer.describe() + " uses padding '" + mode
                    + "'; Graft supports 'same' and 'valid'.");
        }
        return new Padding("same".equals(mode), kernel, stride, dilation);
    }

    /** {before, after} padding of one axis. */
    int[] pads(long in, int axis) {
        if (!same) {
            return new int[] {0, 0};
        }
        long eff = (long) (kernel[axis] - 1) * dilation[axis] + 1;
        long out = (in + stride[axis] - 1) / stride[axis];
        long total = Math.max((out - 1) * stride[axis] + eff - in, 0);
        return new int[] {(int) (total / 2), (int) (total - total / 2)};
    }

    /** Output length of one axis. */
    long outLength(long in, int axis) {
        if (same) {
            return (in + stride[axis] - 1) / stride[axis];
        }
        long eff = (long) (kernel[axis] - 1) * dilation[axis] + 1;
        return in < eff ? 0 : (in - eff) / stride[axis] + 1;
    }

    /** Output shape of a 4-D NCHW input with {@code channels} output channels. */
    Shape outShape(Shape in, long channels, KerasLayer layer) throws KerasFormatException {
        if (in.dimension() != 4) {
            throw new KerasFormatException("The " + layer.describe() + " needs an image-shaped (4-D) input, not "
                    + in);
        }
        long h = outLength(in.get(2), 0);
        long w = outLength(in.get(3), 1);
        if (h < 1 || w < 1) {
            throw new KerasFormatException("The " + layer.describe() + " gets a " + in.get(2) + "×" + in.get(3)
                    + " map, smaller than its " + kernel[0] + "×" + kernel[1] + " window: the images are too small"
                    + " for this model (try the model's own image size).");
        }
        return new Shape(in.get(0), channels, h, w);
    }

    /**
     * Pads an input explicitly when the padding is asymmetric.
     *
     * @param x NCHW input
     * @param value the padding value (0 for convolutions, -inf for max pooling)
     * @return {padded input or x, symmetric padding left for the operation as Shape(h, w)}
     */
    Object[] apply(NDArray x, double value) {
        int[] ph = pads(x.getShape().get(2), 0);
        int[] pw = pads(x.getShape().get(3), 1);
        if (ph[0] == ph[1] && pw[0] == pw[1]) {
            return new Object[] {x, new Shape(ph[0], pw[0])};
        }
        return new Object[] {x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), value), new Shape(0, 0)};
    }
}
