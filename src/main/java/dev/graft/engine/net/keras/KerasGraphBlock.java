package dev.graft.engine.net.keras;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A piece of a Keras layer graph with one input tensor and one output tensor (a stage of the
 * backbone): runs its layers in topological order. Layers with weights are its child blocks, in
 * that order, so parameters save and load like any DJL block. In inference, intermediate arrays
 * are closed as soon as their last reader ran, so a deep graph (InceptionV3 at 299 px) does not
 * hold every activation of a batch at once.
 */
public final class KerasGraphBlock extends AbstractBlock {

    private final List<KerasNode> nodes;
    private final String input;
    private final String output;
    private final Map<String, Integer> readers = new HashMap<>();

    /**
     * Creates the block.
     *
     * @param nodes its layers in topological order (inputs from outside: only {@code input})
     * @param input id of the layer whose output enters
     * @param output id of the layer whose output leaves
     */
    public KerasGraphBlock(List<KerasNode> nodes, String input, String output) {
        this.nodes = List.copyOf(nodes);
        this.input = input;
        this.output = output;
        int i = 0;
        for (KerasNode n : nodes) {
            Block b = n.op().block();
            if (b != null) {
                addChildBlock(String.format("%03d_%s", i++, n.layer().name().replaceAll("[^A-Za-z0-9_]", "_")), b);
            }
            for (String in : n.layer().inputs()) {
                readers.merge(in, 1, Integer::sum);
            }
        }
    }

    /** @return the layers, in order */
    public List<KerasNode> nodes() {
        return nodes;
    }

    /** @return id of the layer whose output enters */
    public String inputId() {
        return input;
    }

    /** @return id of the layer whose output leaves */
    public String outputId() {
        return output;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        Map<String, NDArray> values = new HashMap<>();
        Map<String, Integer> left = new HashMap<>(readers);
        IdentityHashMap<NDArray, Integer> holders = new IdentityHashMap<>();
        NDArray in = inputs.singletonOrThrow();
        values.put(input, in);
        holders.put(in, 1);
        for (KerasNode n : nodes) {
            NDList args = new NDList();
            for (String id : n.layer().inputs()) {
                args.add(values.get(id));
            }
            NDArray y = n.op().compute(ps, args, training);
            values.put(n.layer().id(), y);
            holders.merge(y, 1, Integer::sum);
            if (!training) {
                for (String id : n.layer().inputs()) {
                    release(id, left, values, holders, in);
                }
            }
        }
        return new NDList(values.get(output));
    }

    /** Closes an intermediate array in inference once nothing reads it any more. */
    private void release(String id, Map<String, Integer> left, Map<String, NDArray> values,
            IdentityHashMap<NDArray, Integer> holders, NDArray in) {
        int remaining = left.merge(id, -1, Integer::sum);
        if (remaining > 0 || id.equals(output)) {
            return;
        }
        NDArray a = values.remove(id);
        if (a == null) {
            return;
        }
        int h = holders.merge(a, -1, Integer::sum);
        if (h <= 0 && a != in) {
            a.close();
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {shapes(inputShapes[0]).get(output)};
    }

    private Map<String, Shape> shapes(Shape in) {
        Map<String, Shape> s = new HashMap<>();
        s.put(input, in);
        for (KerasNode n : nodes) {
            List<Shape> args = new ArrayList<>();
            for (String id : n.layer().inputs()) {
                args.add(s.get(id));
            }
            try {
                s.put(n.layer().id(), n.op().outputShape(args.toArray(new Shape[0])));
            } catch (KerasFormatException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        return s;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Map<String, Shape> s = shapes(inputShapes[0]);
        for (KerasNode n : nodes) {
            Block b = n.op().block();
            if (b != null) {
                b.initialize(manager, dataType, s.get(n.layer().inputs().get(0)));
            }
        }
    }
}
