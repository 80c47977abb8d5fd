package dev.graft.engine.net.keras;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * A Keras layer without weights: a shape rule and a computation.
 *
 * @param layer the layer
 * @param shape its output shape rule
 * @param compute what it computes
 */
record FunctionOp(KerasLayer layer, ShapeRule shape, Compute compute) implements KerasOp {

    /** Output shape from input shapes. */
    interface ShapeRule {
        Shape apply(Shape[] inputs) throws KerasFormatException;
    }

    /** The computation. */
    interface Compute {
        NDArray apply(NDList inputs, boolean training);
    }

    @Override
    public Shape outputShape(Shape[] inputs) throws KerasFormatException {
        return shape.apply(inputs);
    }

    @Override
    public NDArray compute(ParameterStore ps, NDList inputs, boolean training) {
        return compute.apply(inputs, training);
    }
}
