package dev.graft.engine.net.keras;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.graft.engine.net.FreezableBatchNorm;
import java.util.List;
import java.util.Map;

/**
 * What one Keras layer computes, on DJL arrays in Graft's layout: 4-D tensors are NCHW (Keras has
 * NHWC), every other rank is as in Keras. Layers with weights hold them in a DJL block.
 */
public interface KerasOp {

    /**
     * The output shape, batch dimension included.
     *
     * @param inputs input shapes
     * @return the output shape
     * @throws KerasFormatException if the inputs do not fit the layer
     */
    Shape outputShape(Shape[] inputs) throws KerasFormatException;

    /**
     * Computes the layer.
     *
     * @param ps parameter store
     * @param inputs the inputs, in the layer's order
     * @param training whether the network trains (dropout, BatchNorm statistics)
     * @return the output
     */
    NDArray compute(ParameterStore ps, NDList inputs, boolean training);

    /** @return the DJL block holding this layer's tensors, or null for layers without weights */
    default Block block() {
        return null;
    }

    /** @return layer kind for the layer tree (conv, depthwise_conv, batch_norm, linear, …), or null */
    default String kind() {
        return null;
    }

    /**
     * The layer's tensors by Graft's short name, in the order of {@link #kerasWeights()}; a Keras
     * BatchNormalization without scale or centre has no gamma or beta here (they stay 1 and 0).
     *
     * @return name to parameter
     */
    default Map<String, Parameter> tensors() {
        return Map.of();
    }

    /**
     * How each tensor maps to a Keras weight, in Keras' order (the order of a layer's weights in
     * {@code .h5} files and TF.js manifests).
     *
     * @return the mappings
     */
    default List<WeightMapping> kerasWeights() {
        return List.of();
    }

    /** @return the freezable BatchNorm of a BatchNormalization layer, else null */
    default FreezableBatchNorm batchNorm() {
        return null;
    }

    /**
     * One Keras weight and the Graft tensor it becomes.
     *
     * @param kerasName Keras' short weight name ({@code kernel}, {@code depthwise_kernel},
     *     {@code moving_mean}, …)
     * @param tensor Graft's short tensor name (key of {@link #tensors()})
     * @param layout how the Keras array is laid out relative to Graft's
     */
    record WeightMapping(String kerasName, String tensor, Layout layout) {}

    /** How a Keras weight array relates to the DJL tensor. */
    enum Layout {
        /** Same element order (vectors). */
        SAME,
        /** Conv2D kernel [h, w, in, out] → [out, in, h, w]. */
        CONV,
        /** DepthwiseConv2D kernel [h, w, in, multiplier] → [in × multiplier, 1, h, w]. */
        DEPTHWISE,
        /** Dense kernel [in, out] → [out, in]. */
        DENSE
    }
}
