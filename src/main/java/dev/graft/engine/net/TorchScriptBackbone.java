package dev.graft.engine.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A TorchScript module used as a backbone. Its output becomes a feature vector (4-D feature maps
 * are average-pooled). When the backbone is frozen the module runs in eval mode, so BatchNorm
 * statistics cannot move, and its outputs are duplicated: eval-mode outputs are inference tensors
 * that autograd refuses to use as inputs of a trainable head (docs/models.md).
 */
public final class TorchScriptBackbone extends AbstractBlock {

    private final PtSymbolBlock module;
    private final int features;
    private boolean frozen;

    /**
     * Wraps a module.
     *
     * @param module the TorchScript module (loaded with trainable parameters)
     * @param features width of its feature vector
     */
    public TorchScriptBackbone(PtSymbolBlock module, int features) {
        this.module = addChildBlock("torchscript", module);
        this.features = features;
    }

    /** @return the wrapped module */
    public PtSymbolBlock module() {
        return module;
    }

    /** @param frozen true to always run the module in eval mode */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        boolean train = training && !frozen;
        NDArray out = module.forward(ps, inputs, train, params).get(0);
        if (!train) {
            out = out.duplicate();
        }
        if (out.getShape().dimension() == 4) {
            out = out.mean(new int[] {3}).mean(new int[] {2});
        } else if (out.getShape().dimension() != 2) {
            out = out.reshape(out.getShape().get(0), -1);
        }
        return new NDList(out);
    }

    /**
     * Runs the module once to learn its feature width.
     *
     * @param module the module
     * @param manager a manager for the probe input
     * @param size input side length
     * @return the feature width
     */
    static int probeFeatures(PtSymbolBlock module, NDManager manager, int size) {
        try (NDManager probe = manager.newSubManager()) {
            NDArray out = module.forward(new ParameterStore(probe, false),
                    new NDList(probe.zeros(new Shape(1, 3, size, size))), false).get(0);
            return (int) (out.getShape().size() / out.getShape().get(0)
                    / (out.getShape().dimension() == 4 ? out.getShape().get(2) * out.getShape().get(3) : 1));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), features)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // TorchScript parameters come initialised from the file.
    }
}
