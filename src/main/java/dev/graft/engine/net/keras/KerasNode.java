package dev.graft.engine.net.keras;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Map;

/**
 * One layer of a built Keras network, as an exporter walks it: the Keras layer (class, config,
 * inputs), what computes it, its tensors and its output shape at the size the network was built for.
 *
 * @param layer the Keras layer
 * @param op its computation (null for the input)
 * @param outputShape output shape, batch 1 (4-D as NCHW)
 */
public record KerasNode(KerasLayer layer, KerasOp op, Shape outputShape) {

    /** @return the layer's tensors by Graft's short name (empty without weights) */
    public Map<String, Parameter> parameters() {
        return op == null ? Map.of() : op.tensors();
    }
}
