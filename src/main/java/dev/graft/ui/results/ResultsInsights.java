package dev.graft.ui.results;

import dev.graft.core.eval.Evaluation;
import dev.graft.core.run.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run's results suggest doing next, in words: overfitting, a model that answers one class
 * for almost everything, too few validation images to trust small differences, and how it
 * compares with the previous run on the same dataset.
 */
public final class ResultsInsights {

    /** A train/validation accuracy gap this large (with high training accuracy) is overfitting. */
    static final double OVERFIT_GAP = 0.2;
    /** Share of all predictions going to one class that counts as a collapse. */
    static final double COLLAPSE_SHARE = 0.7;
    /** Fewer validation images than this make accuracy move in large steps. */
    static final int FEW_IMAGES = 30;

    private ResultsInsights() {}

    /**
     * The insights of a run.
     *
     * @param e the evaluation of the run's model on its validation split
     * @param run the run
     * @param previous the previous run on the same dataset that kept a model, or null
     * @return sentences, most important first; empty when nothing stands out
     */
    public static List<String> of(Evaluation e, RunRecord run, RunRecord previous) {
        List<String> out = new ArrayList<>();
        int n = e.classes().size();
        int[] predicted = new int[n];
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                predicted[p] += e.confusion()[t][p];
            }
        }
        int top = 0;
        for (int p = 1; p < n; p++) {
            if (predicted[p] > predicted[top]) {
                top = p;
            }
        }
        if (n >= 3 && e.images() > 0 && predicted[top] >= COLLAPSE_SHARE * e.images()
                && e.support()[top] < 0.5 * e.images()) {
            out.add(String.format(Locale.ROOT, "The model answers '%s' for %.0f %% of the validation images: it has"
                    + " collapsed onto one class. Train the head only, lower the learning rate, or train longer.",
                    e.classes().get(top), 100.0 * predicted[top] / e.images()));
        }
        if (run.trainAccuracy() != null && run.trainAccuracy() >= 0.85
                && run.trainAccuracy() - e.accuracy() >= OVERFIT_GAP) {
            out.add(String.format(Locale.ROOT, "Training accuracy %.0f %% against validation %.0f %%: the model"
                    + " fits the training images much better than new ones (overfitting). More images per class,"
                    + " augmentation or fewer epochs help.", 100 * run.trainAccuracy(), 100 * e.accuracy()));
        }
        if (e.images() > 0 && e.images() < FEW_IMAGES) {
            out.add(String.format(Locale.ROOT, "Only %d validation images: each is %.1f points of accuracy, so"
                    + " differences of a few points between runs are noise.", e.images(), 100.0 / e.images()));
        }
        if (previous != null && previous.valAccuracy() != null) {
            double diff = 100 * (e.accuracy() - previous.valAccuracy());
            out.add(String.format(Locale.ROOT, "%s%.1f points against the previous run '%s' (%.1f %%).",
                    diff >= 0 ? "+" : "−", Math.abs(diff), previous.name(), 100 * previous.valAccuracy()));
        }
        return out;
    }
}
