package dev.graft.engine.net.keras;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.graft.engine.net.FreezableBatchNorm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras' BatchNormalization over the channel axis, as a {@link FreezableBatchNorm} so a frozen layer
 * keeps its running statistics bit for bit. Keras' epsilon and momentum (Keras' convention equals
 * DJL's) are used as configured. A layer without {@code scale} (InceptionV3's) or {@code center}
 * has no gamma or beta in Keras: DJL still holds them, fixed at 1 and 0 and never trained or
 * listed among the layer's tensors.
 */
final class BatchNormOp extends AbstractBlock implements KerasOp {

    private final KerasLayer layer;
    private final FreezableBatchNorm bn;
    private final boolean scale;
    private final boolean center;
    private final long channels;

    BatchNormOp(KerasLayer layer, Shape input) throws KerasFormatException {
        this.layer = layer;
        var c = layer.config();
        int rank = input.dimension();
        int axis = axisOf(c, layer);
        if (!(axis == -1 || axis == rank - 1)) {
            throw new KerasFormatException("The " + layer.describe() + " normalises axis " + axis
                    + "; Graft supports the channel (last) axis.");
        }
        if (rank != 4 && rank != 2) {
            throw new KerasFormatException("The " + layer.describe() + " gets a " + rank + "-D input; Graft"
                    + " supports 2-D and 4-D.");
        }
        float epsilon = (float) Cfg.number(c, "epsilon", 1e-3, 1e-12, 1);
        float momentum = (float) Cfg.number(c, "momentum", 0.99, 0, 1);
        scale = Cfg.bool(c, "scale", true);
        center = Cfg.bool(c, "center", true);
        channels = input.get(1);
        bn = addChildBlock("bn", new FreezableBatchNorm(epsilon, momentum));
    }

    private static int axisOf(com.google.gson.JsonObject c, KerasLayer layer) throws KerasFormatException {
        var e = c.get("axis");
        if (e != null && e.isJsonArray()) {
            if (e.getAsJsonArray().size() != 1) {
                throw new KerasFormatException("The " + layer.describe() + " normalises several axes.");
            }
            return e.getAsJsonArray().get(0).getAsInt();
        }
        return Cfg.integer(c, "axis", -1, -4, 4);
    }

    @Override
    public Block block() {
        return this;
    }

    @Override
    public String kind() {
        return "batch_norm";
    }

    @Override
    public FreezableBatchNorm batchNorm() {
        return bn;
    }

    @Override
    public Map<String, Parameter> tensors() {
        Map<String, Parameter> t = new LinkedHashMap<>();
        var p = bn.norm().getParameters();
        if (scale) {
            t.put("gamma", p.get("gamma"));
        }
        if (center) {
            t.put("beta", p.get("beta"));
        }
        t.put("runningMean", p.get("runningMean"));
        t.put("runningVar", p.get("runningVar"));
        return t;
    }

    @Override
    public List<WeightMapping> kerasWeights() {
        List<WeightMapping> w = new ArrayList<>();
        if (scale) {
            w.add(new WeightMapping("gamma", "gamma", Layout.SAME));
        }
        if (center) {
            w.add(new WeightMapping("beta", "beta", Layout.SAME));
        }
        w.add(new WeightMapping("moving_mean", "runningMean", Layout.SAME));
        w.add(new WeightMapping("moving_variance", "runningVar", Layout.SAME));
        return w;
    }

    /**
     * Sets the tensors Keras does not have to their fixed values and keeps them out of training
     * (called after every load: a file cannot change them).
     */
    void fixAbsentTensors() {
        var p = bn.norm().getParameters();
        if (p.get("gamma").getArray().size() != channels) {
            throw new IllegalStateException(layer.describe() + ": gamma " + p.get("gamma").getArray().getShape()
                    + " for " + channels + " channels");
        }
        if (!scale) {
            p.get("gamma").getArray().set(java.nio.FloatBuffer.wrap(ones()));
            p.get("gamma").freeze(true);
        }
        if (!center) {
            p.get("beta").getArray().set(java.nio.FloatBuffer.wrap(new float[(int) channels]));
            p.get("beta").freeze(true);
        }
    }

    private float[] ones() {
        float[] one = new float[(int) channels];
        java.util.Arrays.fill(one, 1f);
        return one;
    }

    @Override
    public Shape outputShape(Shape[] inputs) throws KerasFormatException {
        if (inputs[0].get(1) != channels) {
            throw new KerasFormatException("The " + layer.describe() + " expects " + channels + " channels, not "
                    + inputs[0]);
        }
        return inputs[0];
    }

    @Override
    public NDArray compute(ParameterStore ps, NDList inputs, boolean training) {
        return bn.forward(ps, inputs, training, null).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(compute(ps, inputs, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        bn.initialize(manager, dataType, inputShapes);
    }
}
