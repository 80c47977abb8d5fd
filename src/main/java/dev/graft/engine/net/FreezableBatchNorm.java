package dev.graft.engine.net;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * BatchNorm that can be frozen completely. Freezing gamma and beta is not enough: a training-mode
 * forward pass still moves the running mean and variance. When frozen this block always runs its
 * BatchNorm in inference mode, so all four tensors stay bit-identical (docs/models.md, "What frozen means").
 */
public final class FreezableBatchNorm extends AbstractBlock {

    private final BatchNorm norm;
    private boolean frozen;

    /**
     * Wraps a new BatchNorm over the channel axis.
     *
     * @param epsilon variance epsilon (Keras uses 1e-3)
     * @param momentum running-statistics momentum in DJL's convention
     */
    public FreezableBatchNorm(float epsilon, float momentum) {
        norm = addChildBlock("bn", BatchNorm.builder().optEpsilon(epsilon).optMomentum(momentum).build());
    }

    /** @return the wrapped BatchNorm, whose parameters are the layer's tensors */
    public BatchNorm norm() {
        return norm;
    }

    /** @param frozen true to run in inference mode even during training */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    /** @return whether the statistics are frozen */
    public boolean isFrozen() {
        return frozen;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return norm.forward(ps, inputs, training && !frozen, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType,
            Shape... inputShapes) {
        norm.initialize(manager, dataType, inputShapes);
    }
}
