package dev.graft.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.graft.core.eval.Evaluation;
import dev.graft.core.run.StopSignal;
import dev.graft.engine.net.LoadedNet;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass of the validation split through the network, in inference mode: its loss and the
 * evaluation (confusion, per-class numbers, the most confident mistakes) that the epoch event and
 * the checkpoint carry. Apart from the loop because it only reads the network.
 */
final class Validation {

    /** Most confident mistakes an evaluation keeps. */
    private static final int MISTAKES = 25;

    private Validation() {}

    /**
     * Runs the validation split through the network.
     *
     * @param net the network
     * @param val the validation images
     * @param in their inputs (cached features or images)
     * @param batchSize images per batch
     * @param stop checked before each batch
     * @param loss receives the mean validation loss
     * @return the evaluation, null when there is no validation split
     */
    static Evaluation run(LoadedNet net, ImageStore val, Batches in, int batchSize, StopSignal stop,
            double[] loss) throws Exception {
        if (val.size() == 0 || in == null) {
            loss[0] = Double.NaN;
            return null;
        }
        double lossSum = 0;
        int bs = batchSize;
        List<String> classes = net.net().spec().classes();
        float[][] probabilities = new float[val.size()][];
        int[] labels = new int[val.size()];
        List<String> files = new ArrayList<>();
        for (int from = 0; from < val.size(); from += bs) {
            stop.check();
            CoreShare.worker().adjust();
            int[] idx = new int[Math.min(bs, val.size() - from)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            try (NDManager m = net.model().getNDManager().newSubManager()) {
                NDList x = in.input(m, idx, null);
                NDArray logits = net.net().network().forward(new ParameterStore(m, false), x, false).singletonOrThrow();
                float[] lp = logits.logSoftmax(1).toFloatArray();
                int c = (int) logits.getShape().get(1);
                for (int i = 0; i < idx.length; i++) {
                    int k = idx[i];
                    labels[k] = val.label(k);
                    probabilities[k] = new float[c];
                    for (int j = 0; j < c; j++) {
                        probabilities[k][j] = (float) Math.exp(lp[i * c + j]);
                    }
                    lossSum -= lp[i * c + labels[k]];
                    files.add(val.images().get(k).file().toString());
                }
            }
        }
        loss[0] = lossSum / val.size();
        return Evaluation.of(classes, files, labels, probabilities, MISTAKES, List.of());
    }
}
