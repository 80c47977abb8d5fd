package dev.graft.engine.net.keras;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Keras layer with weights: a DJL block whose parameters are created with their final shapes
 * when the graph is built (the input shape is known then), so saved files stay checkable.
 */
abstract class WeightedOp extends AbstractBlock implements KerasOp {

    protected final KerasLayer layer;
    private final Map<String, Parameter> tensors = new LinkedHashMap<>();

    WeightedOp(KerasLayer layer) {
        this.layer = layer;
    }

    /** Adds a parameter with a fixed shape. */
    protected Parameter param(String name, Parameter.Type type, Shape shape) {
        Parameter p = addParameter(Parameter.builder().setName(name).setType(type).optShape(shape).build());
        tensors.put(name, p);
        return p;
    }

    @Override
    public Block block() {
        return this;
    }

    @Override
    public Map<String, Parameter> tensors() {
        return tensors;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(compute(ps, inputs, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        try {
            return new Shape[] {outputShape(inputShapes)};
        } catch (KerasFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The value of a parameter for this call. */
    protected NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean training) {
        return p == null ? null : ps.getValue(p, like.getDevice(), training);
    }
}
