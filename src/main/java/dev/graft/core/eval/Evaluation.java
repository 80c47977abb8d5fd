package dev.graft.core.eval;

import java.util.List;

/**
 * How a model did on a labelled image set.
 *
 * @param images number of images evaluated
 * @param accuracy share predicted correctly
 * @param classes class names, the order of all arrays
 * @param confusion confusion[true][predicted] counts
 * @param precision per class: correct / predicted as the class (NaN when never predicted)
 * @param recall per class: correct / images of the class (NaN when the class has no images)
 * @param support per class: images of the class
 * @param worstMistakes wrong predictions, most confident first
 * @param skipped files that could not be evaluated, with reasons
 */
public record Evaluation(int images, double accuracy, List<String> classes, int[][] confusion,
        double[] precision, double[] recall, int[] support, List<Mistake> worstMistakes, List<String> skipped) {

    /**
     * A wrong prediction.
     *
     * @param file the image
     * @param trueClass its label
     * @param predictedClass what the model said
     * @param confidence the model's probability for its (wrong) answer
     */
    public record Mistake(String file, String trueClass, String predictedClass, double confidence) {}

    /**
     * Builds an evaluation from predictions.
     *
     * @param classes class names
     * @param files image files
     * @param labels true labels
     * @param probabilities per image, class probabilities
     * @param maxMistakes how many mistakes to keep
     * @param skipped files that could not be used
     * @return the evaluation
     */
    public static Evaluation of(List<String> classes, List<String> files, int[] labels, float[][] probabilities,
            int maxMistakes, List<String> skipped) {
        int c = classes.size();
        int[][] confusion = new int[c][c];
        List<Mistake> mistakes = new java.util.ArrayList<>();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int pred = argmax(probabilities[i]);
            confusion[labels[i]][pred]++;
            if (pred == labels[i]) {
                correct++;
            } else {
                mistakes.add(new Mistake(files.get(i), classes.get(labels[i]), classes.get(pred), probabilities[i][pred]));
            }
        }
        mistakes.sort((a, b) -> Double.compare(b.confidence(), a.confidence()));
        double[] precision = new double[c];
        double[] recall = new double[c];
        int[] support = new int[c];
        for (int k = 0; k < c; k++) {
            int predicted = 0;
            for (int t = 0; t < c; t++) {
                predicted += confusion[t][k];
                support[k] += confusion[k][t];
            }
            precision[k] = predicted == 0 ? Double.NaN : confusion[k][k] / (double) predicted;
            recall[k] = support[k] == 0 ? Double.NaN : confusion[k][k] / (double) support[k];
        }
        double accuracy = labels.length == 0 ? Double.NaN : correct / (double) labels.length;
        return new Evaluation(labels.length, accuracy, classes, confusion, precision, recall, support,
                List.copyOf(mistakes.subList(0, Math.min(maxMistakes, mistakes.size()))), List.copyOf(skipped));
    }

    /**
     * Index of the largest value.
     *
     * @param values values
     * @return its index
     */
    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
