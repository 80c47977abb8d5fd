package dev.graft.engine.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 3×3 convolution of Graft's MobileNetV2 computed on feature maps that are flipped upside down
 * and left to right (the "flipped frame", see {@link MobileNetV2Builder}). It stores its kernel
 * the normal way (as Keras and every saved file have it) and flips it for each call.
 *
 * <p>Why: Keras pads one zero row and column at the bottom/right before every stride-2
 * convolution. libtorch's convolutions only pad symmetrically, so that needs a separate pad
 * operation that copies the whole (large, early) feature map forward and slices it again
 * backward. In the flipped frame the padding Keras puts at the bottom/right is at the top/left,
 * which is exactly what a symmetric padding of 1 uses on an even-sized map with stride 2 (its
 * bottom/right padding is never reached). On odd sizes Keras' extra row is never reached either,
 * so padding 0 is exact. Stride-1 3×3 convolutions with padding 1 are symmetric, so flipping
 * does not change them. The result equals the Keras layout up to float rounding.
 */
final class FlippedFrameConv2d extends Conv2d {

    private final boolean keras2;

    /**
     * Creates the convolution.
     *
     * @param builder kernel 3×3, stride 1 with padding 1 or stride 2 with padding 0 (the padding
     *     of the unflipped layer; the stride-2 one then gets its Keras padding here)
     */
    FlippedFrameConv2d(Conv2d.Builder builder) {
        super(builder);
        keras2 = stride.get(0) == 2;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(convolve(x, ps.getValue(weight, x.getDevice(), training), null));
    }

    /**
     * Convolves a flipped-frame feature map.
     *
     * @param x input in the flipped frame
     * @param w kernel in the normal orientation (this layer's weight, or a BatchNorm-folded one)
     * @param bias per output channel, or null
     * @return the output in the flipped frame
     */
    NDArray convolve(NDArray x, NDArray w, NDArray bias) {
        Shape pad = keras2 ? new Shape(1 - x.getShape().get(2) % 2, 1 - x.getShape().get(3) % 2) : padding;
        // the flipped kernel belongs to the batch, not to the weight's (the model's) manager
        NDArray flipped = ConvBnBlock.own(w.flip(2, 3), x.getManager());
        return Conv2d.conv2d(x, flipped, bias, stride, pad, dilation, groups).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        if (!keras2) {
            return super.getOutputShapes(inputs);
        }
        // Keras: pad bottom/right by one, then a valid 3×3 stride-2 convolution
        Shape in = inputs[0];
        return new Shape[] {new Shape(in.get(0), filters, (in.get(2) - 2) / 2 + 1, (in.get(3) - 2) / 2 + 1)};
    }
}
