package dev.graft.core.eval;

/**
 * How well a model's confidence matches its accuracy: the top class's probability of each image
 * put into ten equal-width bins (0–0.1, …, 0.9–1), each bin's mean confidence against the share
 * right in it, and the expected calibration error (ECE), the images-weighted mean gap. A perfectly
 * calibrated model has ECE 0: of the images it calls 0.9 sure, nine in ten are right.
 *
 * @param counts images per bin
 * @param confidence mean top probability per bin (NaN when empty)
 * @param accuracy share right per bin (NaN when empty)
 * @param ece the expected calibration error, 0–1 (NaN without images)
 */
public record Reliability(int[] counts, double[] confidence, double[] accuracy, double ece) {

    /** Equal-width confidence bins, as Guo et al. (2017) report ECE. */
    public static final int BINS = 10;

    /**
     * Bins the predictions of labelled images.
     *
     * @param probabilities per image, class probabilities
     * @param labels true classes
     * @return the bins and the ECE
     */
    public static Reliability of(float[][] probabilities, int[] labels) {
        double[] top = new double[labels.length];
        boolean[] right = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int best = Evaluation.argmax(probabilities[i]);
            top[i] = probabilities[i][best];
            right[i] = best == labels[i];
        }
        return of(top, right);
    }

    /**
     * Bins top-class probabilities.
     *
     * @param top each image's top probability
     * @param right whether that class was right
     * @return the bins and the ECE
     */
    public static Reliability of(double[] top, boolean[] right) {
        int[] counts = new int[BINS];
        double[] confidence = new double[BINS];
        double[] accuracy = new double[BINS];
        for (int i = 0; i < top.length; i++) {
            int b = Math.min(BINS - 1, Math.max(0, (int) Math.floor(top[i] * BINS)));
            counts[b]++;
            confidence[b] += top[i];
            accuracy[b] += right[i] ? 1 : 0;
        }
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            if (counts[b] == 0) {
                confidence[b] = Double.NaN;
                accuracy[b] = Double.NaN;
                continue;
            }
            confidence[b] /= counts[b];
            accuracy[b] /= counts[b];
            ece += counts[b] * Math.abs(confidence[b] - accuracy[b]);
        }
        return new Reliability(counts, confidence, accuracy, top.length == 0 ? Double.NaN : ece / top.length);
    }

    /**
     * The share right among predictions at least this sure: what "accept all sure" would file
     * correctly.
     *
     * @param probabilities per image, class probabilities
     * @param labels true classes
     * @param threshold how sure (0–1)
     * @return {right, sure} counts
     */
    public static int[] sureAndRight(float[][] probabilities, int[] labels, double threshold) {
        int sure = 0;
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = Evaluation.argmax(probabilities[i]);
            if (probabilities[i][best] >= threshold) {
                sure++;
                right += best == labels[i] ? 1 : 0;
            }
        }
        return new int[] {right, sure};
    }
}
