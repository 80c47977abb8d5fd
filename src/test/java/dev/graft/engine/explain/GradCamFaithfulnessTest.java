package dev.graft.engine.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.graft.core.explain.HeatMap;
import dev.graft.core.run.RecipeField;
import dev.graft.core.run.RunOutcome;
import dev.graft.engine.catalogue.FolderModel;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.ShapeScenes;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Heat maps point at what decides the class. A model trained (head only, on the bundled
 * MobileNetV2) on synthetic scenes where only a small shape decides the class, on clutter that is
 * the same for every class: on new scenes the heat map's maximum falls on the shape for most
 * correctly classified images (the pointing game, Zhang et al. 2016), far more often than a random
 * point would; and when the shape moves, the heat moves with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GradCamFaithfulnessTest {

    /** Image side: the bundled backbone's first tap (stage 5) is then an 8×8 map. */
    private static final int SIZE = 128;

    @TempDir
    static Path tmp;

    private LoadedNet net;

    @BeforeAll
    void train() throws Exception {
        Path data = tmp.resolve("shapes");
        ShapeScenes.dataset(data, 30, SIZE, 1);
        TrainingRuns.Result run = TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.IMAGE_SIZE, SIZE)
                .set(RecipeField.EPOCHS, 40).set(RecipeField.VAL_FRACTION, 0.2f).set(RecipeField.SEED, 1L).build(),
                tmp.resolve("run"));
        assertEquals(RunOutcome.COMPLETED, run.finished().status());
        net = new FolderModel(tmp.resolve("run/model")).load(Device.cpu());
    }

    @AfterAll
    void close() {
        net.close();
    }

    /** Hits and chances of the pointing game over new scenes. */
    private record Score(int correct, int hits, double baseline) {
        double rate() {
            return (double) hits / correct;
        }
    }

    private Score point(GradCam cam, List<ShapeScenes.Scene> scenes) {
        Explainer explainer = new Explainer(net, null);
        int correct = 0;
        int hits = 0;
        double area = 0;
        for (ShapeScenes.Scene s : scenes) {
            Explanation e = explainer.explain(s.file(), null, 0);
            if (!s.cls().equals(e.predicted())) {
                continue;
            }
            float[][] grid = cam.map(new dev.graft.engine.image.ImagePreprocessor(SIZE, net.net().spec().mean(),
                    net.net().spec().std()).toChw(decode(s.file()), false), net.net().spec().classes().indexOf(s.cls()));
            HeatMap heat = HeatMap.overCentreSquare(grid, SIZE, SIZE);
            double[] peak = heat.peak();
            // a tolerance of half a heat-map cell: the maximum of a map of cells is a cell centre
            double tol = SIZE / (2.0 * heat.columns());
            correct++;
            if (peak[0] >= s.x() - tol && peak[0] <= s.x() + s.w() + tol && peak[1] >= s.y() - tol
                    && peak[1] <= s.y() + s.h() + tol) {
                hits++;
            }
            double w = Math.min(SIZE, s.x() + s.w() + tol) - Math.max(0, s.x() - tol);
            double h = Math.min(SIZE, s.y() + s.h() + tol) - Math.max(0, s.y() - tol);
            area += w * h / (SIZE * SIZE);
        }
        return new Score(correct, hits, area / correct);
    }

    private static java.awt.image.BufferedImage decode(Path f) {
        try {
            return new dev.graft.engine.image.ImageDecoder().decode(f);
        } catch (dev.graft.engine.image.ImageRejectedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theHeatMapsMaximumFallsOnTheObject() throws Exception {
        List<ShapeScenes.Scene> scenes = ShapeScenes.dataset(tmp.resolve("new"), 20, SIZE, 99);
        Score first = point(new GradCam(net), scenes);
        Score last = point(new GradCam(net, GradCam.Tap.LAST), scenes);
        System.out.printf(Locale.ROOT, "pointing game: %d of %d scenes correct; first tap hits %d (%.2f), last tap"
                + " hits %d (%.2f); random point %.2f%n", first.correct(), scenes.size(), first.hits(), first.rate(),
                last.hits(), last.rate(), first.baseline());
        assertTrue(first.correct() >= scenes.size() / 2, "the model learned the shapes: " + first.correct());
        assertTrue(first.rate() >= 0.7, "hit rate " + first.rate());
        assertTrue(first.rate() >= 3 * first.baseline(), first.rate() + " against random " + first.baseline());
    }
}
