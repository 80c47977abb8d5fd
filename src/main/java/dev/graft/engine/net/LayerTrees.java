package dev.graft.engine.net;

import ai.djl.nn.Parameter;
import dev.graft.core.model.FreezePlan;
import dev.graft.core.model.LayerNode;
import java.util.ArrayList;
import java.util.List;

/** Describes a network's layers for the core's {@link LayerNode} tree. */
public final class LayerTrees {

    private LayerTrees() {}

    /**
     * Builds the layer tree of a network under a freeze plan.
     *
     * @param net the network
     * @param plan the plan
     * @return the tree
     */
    public static LayerNode tree(GraftNet net, FreezePlan plan) {
        List<LayerNode.Leaf> leaves = new ArrayList<>();
        for (LayerRegistry.Layer layer : net.layers().layers()) {
            List<LayerNode.Tensor> tensors = new ArrayList<>();
            layer.tensors().forEach((name, p) -> tensors.add(new LayerNode.Tensor(name,
                    p.getArray().getShape().getShape(),
                    p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR)));
            leaves.add(new LayerNode.Leaf(layer.path(), layer.kind(),
                    layer.outputShape() == null ? null : layer.outputShape().getShape(), tensors));
        }
        return LayerNode.tree(leaves, plan);
    }

    /** @return the leaf paths of a network in forward order */
    public static List<String> paths(GraftNet net) {
        return net.layers().layers().stream().map(LayerRegistry.Layer::path).toList();
    }
}
