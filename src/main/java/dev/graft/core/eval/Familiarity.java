package dev.graft.core.eval;

import java.util.Arrays;

/**
 * Whether an image is like the images a model was trained on: the cosine distance of its feature
 * vector (the backbone's output, what the head reads) to the nearest class mean of the training
 * images' features, against a threshold set on the validation split so that {@link #QUANTILE} of
 * in-distribution images fall within it. Noise, blank frames and pictures of another kind land far
 * from every class mean even when the head, which only compares classes, is sure of one of them.
 * Stored as {@code familiarity.json} in the model folder.
 *
 * <p>The threshold is the largest validation score: every validation image is familiar. A 95th
 * percentile was measured first: on a new art style (Facebook's emoji, default model) it called
 * 88 of 195 images unfamiliar, and those were right more often than the familiar ones (0.69
 * against 0.60), so in the Label tab it held back sure answers that were right; noise and blank
 * frames stay far above the largest validation score (0.29–0.48 against 0.22 there).
 *
 * @param method how the score is computed
 * @param threshold scores above it are unfamiliar
 * @param quantile the share of validation images meant to be familiar
 * @param validationImages images the threshold was set on
 * @param means per class, the unit-length mean of the unit-length training features
 */
public record Familiarity(String method, double threshold, double quantile, int validationImages, float[][] means) {

    /** The share of validation images within the threshold: all of them. */
    public static final double QUANTILE = 1.0;
    /** What the method field says. */
    public static final String METHOD = "cosine distance of the backbone features to the nearest training class mean";

    /**
     * Fits the class means and the threshold.
     *
     * @param train training images' features
     * @param labels their classes
     * @param classes number of classes
     * @param validation validation images' features (at least one)
     * @return the familiarity model
     */
    public static Familiarity fit(float[][] train, int[] labels, int classes, float[][] validation) {
        if (validation.length == 0) {
            throw new IllegalArgumentException("familiarity needs validation images to set its threshold");
        }
        int d = train[0].length;
        float[][] means = new float[classes][d];
        for (int i = 0; i < train.length; i++) {
            float[] u = unit(train[i]);
            for (int j = 0; j < d; j++) {
                means[labels[i]][j] += u[j];
            }
        }
        for (int c = 0; c < classes; c++) {
            means[c] = unit(means[c]);
        }
        Familiarity unset = new Familiarity(METHOD, Double.NaN, QUANTILE, validation.length, means);
        double[] scores = new double[validation.length];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = unset.score(validation[i]);
        }
        Arrays.sort(scores);
        double threshold = quantile(scores, QUANTILE);
        return new Familiarity(METHOD, threshold, QUANTILE, validation.length, means);
    }

    /**
     * The distance of an image's features to the nearest class mean: 0 for an image exactly like
     * a class's average, up to 2 for one pointing the opposite way.
     *
     * @param features the backbone's output for the image
     * @return the score (NaN for features of the wrong width or that are not finite)
     */
    public double score(float[] features) {
        if (means.length == 0 || features.length != means[0].length) {
            return Double.NaN;
        }
        float[] u = unit(features);
        double best = Double.POSITIVE_INFINITY;
        for (float[] m : means) {
            double dot = 0;
            for (int j = 0; j < u.length; j++) {
                dot += u[j] * m[j];
            }
            best = Math.min(best, 1 - dot);
        }
        return best;
    }

    /**
     * Whether an image is familiar.
     *
     * @param features the backbone's output for the image
     * @return true when its score is within the threshold
     */
    public boolean familiar(float[] features) {
        return score(features) <= threshold;
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.sqrt(norm);
        float[] u = new float[v.length];
        if (norm == 0) {
            return u; // a zero vector is equally far (distance 1) from every mean
        }
        for (int i = 0; i < v.length; i++) {
            u[i] = (float) (v[i] / norm);
        }
        return u;
    }

    /** Linear interpolation between the order statistics of sorted values. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
