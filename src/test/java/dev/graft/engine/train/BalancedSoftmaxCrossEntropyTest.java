package dev.graft.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;

/** The class-balanced loss, against plain cross-entropy and against a hand computation, on the real engine. */
class BalancedSoftmaxCrossEntropyTest {

    private static final float[] LOGITS = {2f, 0.5f, -1f, 0.1f, 0.2f, 0.3f, -0.5f, 1.5f, 0f};
    private static final int[] LABELS = {0, 2, 1};

    @Test
    void equalClassesGiveThePlainLossAndUnequalOnesWeighTheSmallClassUp() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray logits = m.create(LOGITS, new Shape(3, 3));
            NDArray labels = m.create(LABELS);
            float plain = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(logits)).getFloat();
            float equal = new BalancedSoftmaxCrossEntropy(new int[] {10, 10, 10})
                    .evaluate(new NDList(labels), new NDList(logits)).getFloat();
            assertEquals(plain, equal, 1e-5);

            // counts 60 / 20 / 20: weights 100/(3*60), 100/(3*20), 100/(3*20) = 0.556, 1.667, 1.667
            double[] w = {100.0 / 180, 100.0 / 60, 100.0 / 60};
            double num = 0;
            double den = 0;
            for (int i = 0; i < 3; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < 3; c++) {
                    max = Math.max(max, LOGITS[i * 3 + c]);
                }
                double sum = 0;
                for (int c = 0; c < 3; c++) {
                    sum += Math.exp(LOGITS[i * 3 + c] - max);
                }
                double nll = -(LOGITS[i * 3 + LABELS[i]] - max - Math.log(sum));
                num += w[LABELS[i]] * nll;
                den += w[LABELS[i]];
            }
            float balanced = new BalancedSoftmaxCrossEntropy(new int[] {60, 20, 20})
                    .evaluate(new NDList(labels), new NDList(logits)).getFloat();
            assertEquals(num / den, balanced, 1e-5);
        }
    }
}
