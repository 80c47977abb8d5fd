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

    /** Image side: the bundled backbone's first tap (stage 5) is then a 10×10 map. */
    private static final int SIZE = 160;

    @TempDir
    static Path tmp;

    private LoadedNet net;

    @BeforeAll
    void train() throws Exception {
        Path data = tmp.resolve("shapes");
        ShapeScenes.dataset(data, 36, SIZE, 1);
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
        dev.graft.engine.inference.Inference inference = new dev.graft.engine.inference.Inference(net);
        List<String> classes = net.net().spec().classes();
        int correct = 0;
        int hits = 0;
        double area = 0;
        for (ShapeScenes.Scene s : scenes) {
            float[] chw = new dev.graft.engine.image.ImagePreprocessor(SIZE, net.net().spec().mean(),
                    net.net().spec().std()).toChw(decode(s.file()), false);
            float[] p = inference.probabilities(chw, 1)[0];
            int truth = classes.indexOf(s.cls());
            boolean right = true;
            for (float q : p) {
                right &= q <= p[truth];
            }
            if (!right) {
                continue;
            }
            float[][] grid = cam.map(chw, truth);
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
        List<ShapeScenes.Scene> scenes = ShapeScenes.dataset(tmp.resolve("new"), 15, SIZE, 99);
        Score first = point(new GradCam(net), scenes);
        Score last = point(new GradCam(net, GradCam.Tap.LAST), scenes);
        System.out.printf(Locale.ROOT, "pointing game: %d of %d scenes correct; first tap hits %d (%.2f), last tap"
                + " hits %d (%.2f); random point %.2f%n", first.correct(), scenes.size(), first.hits(), first.rate(),
                last.hits(), last.rate(), first.baseline());
        assertTrue(first.correct() >= scenes.size() / 2, "the model learned the shapes: " + first.correct());
        // measured at 160 px on a shared machine: 0.67 (22 of 33) against 0.12 for a random point;
        // the last tap alone 0.45
        assertTrue(first.rate() >= 0.5, "hit rate " + first.rate());
        assertTrue(first.rate() >= 3 * first.baseline(), first.rate() + " against random " + first.baseline());
    }

    @Test
    void theHeatMovesWithTheObject() throws Exception {
        GradCam cam = new GradCam(net);
        List<String> classes = net.net().spec().classes();
        int obj = SIZE / 4;
        int near = SIZE / 8;
        int far = SIZE - obj - near;
        int followed = 0;
        int pairs = 0;
        int recognised = 0;
        int followedRecognised = 0;
        dev.graft.engine.inference.Inference inference = new dev.graft.engine.inference.Inference(net);
        for (long seed = 1; seed <= 6; seed++) {
            for (String cls : ShapeScenes.CLASSES) {
                Path dir = tmp.resolve("moved").resolve(cls + seed);
                ShapeScenes.Scene a = ShapeScenes.write(dir.resolve("a.png"), cls, SIZE, SIZE, near, near, obj, seed);
                ShapeScenes.Scene b = ShapeScenes.write(dir.resolve("b.png"), cls, SIZE, SIZE, far, far, obj, seed);
                HeatMap ha = heat(cam, a, classes.indexOf(cls));
                HeatMap hb = heat(cam, b, classes.indexOf(cls));
                pairs++;
                // the same clutter, the object moved: more heat where the object is than where it was
                boolean follows = mean(ha, a) > mean(ha, b) && mean(hb, b) > mean(hb, a);
                followed += follows ? 1 : 0;
                if (predicted(inference, a) == classes.indexOf(cls) && predicted(inference, b) == classes.indexOf(cls)) {
                    recognised++;
                    followedRecognised += follows ? 1 : 0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "moved objects: the heat followed the object in %d of %d pairs; in %d of the %d"
                + " pairs where the model recognised the object both times%n", followed, pairs, followedRecognised,
                recognised);
        assertTrue(followed >= pairs / 2, followed + " of " + pairs);
        assertTrue(recognised >= pairs / 3 && followedRecognised >= 0.75 * recognised,
                followedRecognised + " of " + recognised);
    }

    private HeatMap heat(GradCam cam, ShapeScenes.Scene s, int cls) {
        float[] chw = new dev.graft.engine.image.ImagePreprocessor(SIZE, net.net().spec().mean(), net.net().spec().std())
                .toChw(decode(s.file()), false);
        return HeatMap.overCentreSquare(cam.map(chw, cls), SIZE, SIZE);
    }

    private int predicted(dev.graft.engine.inference.Inference inference, ShapeScenes.Scene s) {
        float[] chw = new dev.graft.engine.image.ImagePreprocessor(SIZE, net.net().spec().mean(), net.net().spec().std())
                .toChw(decode(s.file()), false);
        float[] p = inference.probabilities(chw, 1)[0];
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            best = p[i] > p[best] ? i : best;
        }
        return best;
    }

    /** The mean heat over a scene's object box. */
    private static double mean(HeatMap heat, ShapeScenes.Scene s) {
        double sum = 0;
        int n = 0;
        for (int y = s.y(); y < s.y() + s.h(); y++) {
            for (int x = s.x(); x < s.x() + s.w(); x++) {
                sum += heat.at(x + 0.5, y + 0.5);
                n++;
            }
        }
        return sum / n;
    }
}
