package dev.graft.engine.net.keras;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Keras model's weights by name ({@code conv1/kernel}), as float arrays in Keras' own layout,
 * whatever their stored form (float32, uint8/uint16-quantised, float16).
 */
public final class KerasWeights {

    /**
     * One weight.
     *
     * @param shape Keras shape
     * @param values row-major values
     */
    public record Tensor(long[] shape, float[] values) {}

    private final Map<String, Tensor> byName = new LinkedHashMap<>();

    /**
     * Adds a weight.
     *
     * @param name its full name
     * @param tensor the values
     * @throws KerasFormatException if the name occurs twice
     */
    public void put(String name, Tensor tensor) throws KerasFormatException {
        if (byName.put(name, tensor) != null) {
            throw new KerasFormatException("Two weights are named '" + name + "'.");
        }
    }

    /** @return every name, in file order */
    public Set<String> names() {
        return byName.keySet();
    }

    /**
     * Finds the weight of a layer: {@code <layer>/<weight>}, or a unique name ending in it (TF.js
     * and Keras put nested models' and scoped names in front), with any {@code :0} suffix ignored.
     *
     * @param layer the layer's Keras name
     * @param weight the weight's short name
     * @return the full name, or null when absent
     * @throws KerasFormatException if several weights match
     */
    public String find(String layer, String weight) throws KerasFormatException {
        String exact = layer + "/" + weight;
        if (byName.containsKey(exact)) {
            return exact;
        }
        List<String> found = new ArrayList<>();
        for (String n : byName.keySet()) {
            String plain = n.endsWith(":0") ? n.substring(0, n.length() - 2) : n;
            if (plain.equals(exact) || plain.endsWith("/" + exact)) {
                found.add(n);
            }
        }
        if (found.size() > 1) {
            throw new KerasFormatException("Several weights fit layer '" + layer + "' " + weight + ": " + found);
        }
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * A weight by its full name.
     *
     * @param name the name
     * @return the tensor
     */
    public Tensor get(String name) {
        return byName.get(name);
    }
}
