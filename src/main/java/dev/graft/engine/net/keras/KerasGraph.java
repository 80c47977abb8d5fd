package dev.graft.engine.net.keras;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Keras topology made computable at one image size: an op and an output shape for every layer
 * up to a chosen end layer, in topological order. Creating the ops checks every layer (class,
 * config, shapes), so an unsupported or inconsistent model fails here, naming the layer.
 */
public final class KerasGraph {

    private final KerasTopology topology;
    private final Map<String, KerasNode> nodes = new LinkedHashMap<>();
    private final Map<String, Shape> shapes = new LinkedHashMap<>();
    private final List<String> order;

    /**
     * Builds the ops of every layer the end layer depends on.
     *
     * @param topology the model
     * @param end id of the last layer needed
     * @param imageSize the image side
     * @throws KerasFormatException naming the first layer that cannot be built
     */
    public KerasGraph(KerasTopology topology, String end, int imageSize) throws KerasFormatException {
        this.topology = topology;
        Set<String> needed = ancestors(topology, end);
        order = new ArrayList<>();
        for (KerasLayer l : topology.layers()) {
            if (!needed.contains(l.id())) {
                continue;
            }
            if (!KerasOps.SUPPORTED.contains(l.className())) {
                throw KerasOps.unsupported(l);
            }
            order.add(l.id());
            if (l.isInput()) {
                Shape s = KerasOps.inputShape(l, imageSize);
                shapes.put(l.id(), s);
                nodes.put(l.id(), new KerasNode(l, null, s));
                continue;
            }
            Shape[] in = new Shape[l.inputs().size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = shapes.get(l.inputs().get(i));
            }
            KerasOp op = KerasOps.create(l, in);
            Shape out = op.outputShape(in);
            shapes.put(l.id(), out);
            nodes.put(l.id(), new KerasNode(l, op, out));
        }
        if (!order.get(0).equals(topology.input())) {
            throw new KerasFormatException("The model's output does not depend on its input.");
        }
    }

    /**
     * The layers a layer depends on, itself included.
     *
     * @param topology the model
     * @param end the layer
     * @return their ids
     */
    public static Set<String> ancestors(KerasTopology topology, String end) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(List.of(end));
        while (!todo.isEmpty()) {
            String id = todo.remove(todo.size() - 1);
            if (seen.add(id)) {
                todo.addAll(topology.layer(id).inputs());
            }
        }
        return seen;
    }

    /** @return the topology */
    public KerasTopology topology() {
        return topology;
    }

    /** @return ids of the built layers in topological order, the input first */
    public List<String> order() {
        return order;
    }

    /**
     * A built layer.
     *
     * @param id its id
     * @return the node
     */
    public KerasNode node(String id) {
        return nodes.get(id);
    }

    /** @return output shape of every built layer (batch 1; 4-D as NCHW) */
    public Map<String, Shape> shapes() {
        return shapes;
    }
}
