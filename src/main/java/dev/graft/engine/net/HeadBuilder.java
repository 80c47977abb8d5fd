package dev.graft.engine.net;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.util.List;

/** Builds a classification head (dropout, dense layers) and registers its layers. */
public final class HeadBuilder {

    private HeadBuilder() {}

    /**
     * Builds a head.
     *
     * @param registry where the head's layers are registered
     * @param hidden hidden layer sizes
     * @param dropout dropout rate before each dense layer (0 for none)
     * @param classes number of outputs
     * @param sourceNames names of the dense layers in a source format (may be null)
     * @return the head block
     */
    public static SequentialBlock build(LayerRegistry registry, List<Integer> hidden, float dropout, int classes,
            List<String> sourceNames) {
        SequentialBlock head = new SequentialBlock();
        int n = hidden.size() + 1;
        for (int i = 0; i < n; i++) {
            boolean last = i == n - 1;
            int units = last ? classes : hidden.get(i);
            if (dropout > 0 && (last || i > 0)) {
                head.add(Dropout.builder().optRate(dropout).build());
            }
            Linear dense = Linear.builder().setUnits(units).build();
            head.add(dense);
            String name = last ? "fc" : "dense_" + (i + 1);
            registry.add(GraftNet.HEAD + "." + name, "linear", dense, null,
                    sourceNames == null ? null : sourceNames.get(i), new Shape(units));
            if (!last) {
                head.add(Activation.reluBlock());
            }
        }
        return head;
    }
}
