package dev.graft.engine.net.keras;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * One leaf layer of a Keras model after nested models were flattened into a single graph.
 *
 * @param id unique id in the flattened graph (the Keras name, qualified by the nested models it
 *     sits in when the same name occurs twice)
 * @param name the layer's Keras name (what its weights are named after)
 * @param nesting names of the nested models it sits in, outermost first (empty at top level)
 * @param className the Keras class ({@code Conv2D}, {@code Add}, …)
 * @param config the layer's Keras config as stored in the topology
 * @param inputs ids of the layers whose (single) outputs it consumes, in order
 */
public record KerasLayer(String id, String name, List<String> nesting, String className, JsonObject config,
        List<String> inputs) {

    /** Copies lists. */
    public KerasLayer {
        nesting = List.copyOf(nesting);
        inputs = List.copyOf(inputs);
    }

    /** @return true for the model's image input */
    public boolean isInput() {
        return "InputLayer".equals(className);
    }

    /** @return "name (Class)" for messages */
    public String describe() {
        return "layer '" + name + "' (" + className + ")";
    }
}
