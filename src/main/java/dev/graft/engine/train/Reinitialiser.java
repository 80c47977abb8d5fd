package dev.graft.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.graft.core.model.FreezePlan;
import dev.graft.engine.net.GraftNet;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

/**
 * Random initialisation of a TorchScript backbone for {@code --init scratch}: TorchScript files
 * carry weights but no initialisers, so Graft applies the usual ones: Kaiming-uniform for
 * matrices and kernels, ones for 1-D weights (norm scales), zeros for biases.
 */
final class Reinitialiser {

    private Reinitialiser() {}

    static void randomise(GraftNet net, Random random) {
        for (Map.Entry<String, Parameter> e : net.layers().tensors().entrySet()) {
            if (FreezePlan.under(e.getKey(), GraftNet.HEAD)) {
                continue;
            }
            NDArray a = e.getValue().getArray();
            long[] shape = a.getShape().getShape();
            float[] v = new float[(int) a.size()];
            String name = e.getKey();
            if (name.endsWith("bias")) {
                java.util.Arrays.fill(v, 0f);
            } else if (shape.length == 1) {
                java.util.Arrays.fill(v, 1f);
            } else {
                long fanIn = a.size() / shape[0];
                double bound = Math.sqrt(6.0 / fanIn);
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
            }
            a.set(FloatBuffer.wrap(v));
        }
    }
}
