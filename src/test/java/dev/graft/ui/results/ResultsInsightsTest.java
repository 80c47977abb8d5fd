package dev.graft.ui.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.eval.Evaluation;
import dev.graft.core.run.RunRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What results suggest, from real evaluations built from predictions. */
class ResultsInsightsTest {

    /** An evaluation of {@code n} images per class where {@code predicted[t]} is what class t got. */
    private static Evaluation eval(int n, int... predicted) {
        List<String> classes = List.of("animal", "food", "vehicle", "weather");
        List<String> files = new ArrayList<>();
        int[] labels = new int[n * predicted.length];
        float[][] probs = new float[labels.length][];
        for (int t = 0; t < predicted.length; t++) {
            for (int i = 0; i < n; i++) {
                int k = t * n + i;
                labels[k] = t;
                probs[k] = new float[classes.size()];
                probs[k][i == 0 ? t : predicted[t]] = 1; // the first image of each class is right
                files.add("/d/" + t + "-" + i + ".png");
            }
        }
        return Evaluation.of(classes, files, labels, probs, 10, List.of());
    }

    private static RunRecord run(String name, Double train, Double val) {
        return new RunRecord(Path.of("/runs/" + name), name, null, null, dev.graft.core.run.RunOutcome.COMPLETED, null, 30, train, val, List.of(),
                false, null, null, null);
    }

    @Test
    void aModelAnsweringOneClassIsCalledACollapse() {
        Evaluation e = eval(10, 1, 1, 1, 1); // everything but the first images becomes "food"
        List<String> insights = ResultsInsights.of(e, run("r", 0.5, e.accuracy()), null);
        assertTrue(insights.get(0).startsWith("The model answers 'food' for 9"), insights.toString());
    }

    @Test
    void aLargeTrainValidationGapIsCalledOverfitting() {
        Evaluation e = eval(10, 0, 1, 0, 3);
        List<String> insights = ResultsInsights.of(e, run("r", 0.98, e.accuracy()), null);
        assertTrue(insights.stream().anyMatch(s -> s.contains("overfitting") && s.contains("98 %")), insights.toString());
    }

    @Test
    void fewValidationImagesAndThePreviousRunAreMentioned() {
        Evaluation e = eval(2, 0, 1, 2, 0);
        List<String> insights = ResultsInsights.of(e, run("new", 0.8, e.accuracy()), run("old", 0.9, 0.5));
        assertTrue(insights.stream().anyMatch(s -> s.contains("Only 8 validation images")), insights.toString());
        assertEquals("+37.5 points against the previous run 'old' (50.0 %).", insights.get(insights.size() - 1));
    }

    @Test
    void aHealthyRunGetsNoWarnings() {
        Evaluation e = eval(10, 0, 1, 2, 3);
        assertEquals(List.of(), ResultsInsights.of(e, run("r", 0.95, e.accuracy()), null));
    }
}
