package dev.graft.engine.diff;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.graft.engine.net.LoadedNet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Compares two models tensor by tensor, by Graft tree name. */
public final class ParamDiff {

    /**
     * One tensor present in both models with the same shape.
     *
     * @param name tree name ({@code stage3.block_4.expand.bn.runningMean})
     * @param shape its shape
     * @param maxAbsDiff largest absolute element difference (0 means bit-identical values)
     * @param identical true when every element is bit-identical
     */
    public record TensorDiff(String name, long[] shape, double maxAbsDiff, boolean identical) {}

    /**
     * The comparison.
     *
     * @param a first model
     * @param b second model
     * @param tensors tensors in both with the same shape, in forward order
     * @param onlyInA names only the first has
     * @param onlyInB names only the second has
     * @param shapeMismatch names whose shapes differ
     * @param identical how many compared tensors are bit-identical
     * @param changed how many differ
     */
    public record Result(String a, String b, List<TensorDiff> tensors, List<String> onlyInA, List<String> onlyInB,
            List<String> shapeMismatch, int identical, int changed) {}

    private ParamDiff() {}

    /**
     * Compares.
     *
     * @param aName label of the first model
     * @param a first model
     * @param bName label of the second
     * @param b second model
     * @return the comparison
     */
    public static Result compare(String aName, LoadedNet a, String bName, LoadedNet b) {
        Map<String, Parameter> ta = a.net().layers().tensors();
        Map<String, Parameter> tb = b.net().layers().tensors();
        List<TensorDiff> tensors = new ArrayList<>();
        List<String> onlyA = new ArrayList<>();
        List<String> mismatch = new ArrayList<>();
        int identical = 0;
        for (Map.Entry<String, Parameter> e : ta.entrySet()) {
            Parameter other = tb.get(e.getKey());
            if (other == null) {
                onlyA.add(e.getKey());
                continue;
            }
            NDArray x = e.getValue().getArray();
            NDArray y = other.getArray();
            if (!x.getShape().equals(y.getShape())) {
                mismatch.add(e.getKey() + " " + x.getShape() + " vs " + y.getShape());
                continue;
            }
            float[] xs = x.toFloatArray();
            float[] ys = y.toFloatArray();
            double max = 0;
            boolean same = true;
            for (int i = 0; i < xs.length; i++) {
                if (Float.floatToRawIntBits(xs[i]) != Float.floatToRawIntBits(ys[i])) {
                    same = false;
                    max = Math.max(max, Math.abs((double) xs[i] - ys[i]));
                }
            }
            identical += same ? 1 : 0;
            tensors.add(new TensorDiff(e.getKey(), x.getShape().getShape(), max, same));
        }
        List<String> onlyB = tb.keySet().stream().filter(k -> !ta.containsKey(k)).toList();
        return new Result(aName, bName, tensors, onlyA, onlyB, mismatch, identical, tensors.size() - identical);
    }

    /**
     * Formats a shape.
     *
     * @param shape dimensions
     * @return e.g. [32, 3, 3, 3]
     */
    public static String shape(long[] shape) {
        return Arrays.toString(shape);
    }
}
