package dev.graft.engine.train;

import dev.graft.core.run.RunOutcome;

import dev.graft.core.run.RecipeField;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.data.DatasetScan;
import dev.graft.core.run.RunEvent;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.testing.TestData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8: style-augmented views change colour, line work and framing, and are cached. */
class StyleViewsTest {

    @TempDir
    Path tmp;

    @Test
    void augmentedViewsChangeStyleKeepTheWhiteBackgroundAndAreReproducible() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 3, "food");
        DatasetScan scan = new DatasetScanner().scan(data);
        int s = 96;
        int plane = s * s;
        try (ImageStore store = new ImageStore(scan.images(), s, null, null, 1 << 24, null)) {
            // 40 views: greyscale or strong desaturation is drawn for about one view in four, so
            // 12 views missed it for some seeds (about 4 % of them)
            store.setViews(true, 40, 7);
            assertEquals(42, store.viewCount());
            byte[] original = store.originalPixels(0).clone();
            double originalSaturation = saturation(original, plane);
            int changed = 0;
            int greyer = 0;
            int darkerLines = 0;
            int whiteCorners = 0;
            for (int v = 2; v < store.viewCount(); v++) {
                byte[] view = store.augmentedPixels(0, v);
                assertArrayEquals(view, store.augmentedPixels(0, v), "a view is a fixed function of image and seed");
                changed += Arrays.equals(view, original) ? 0 : 1;
                greyer += saturation(view, plane) < 0.6 * originalSaturation ? 1 : 0;
                darkerLines += darkPixels(view, plane) > 1.3 * darkPixels(original, plane) ? 1 : 0;
                whiteCorners += (view[0] & 0xFF) > 245 && (view[plane - 1] & 0xFF) > 245 ? 1 : 0;
            }
            assertEquals(40, changed, "every augmented view differs from the image");
            assertTrue(greyer >= 1, "some views are much less saturated (greyscale, desaturation): " + greyer);
            assertTrue(darkerLines >= 1, "some views have thicker or added dark lines: " + darkerLines);
            assertTrue(whiteCorners >= 32, "the background stays white: " + whiteCorners + " of 40");
            // the plain views are untouched and the mirror is a mirror
            float[] asIs = new float[3 * plane];
            float[] mirrored = new float[3 * plane];
            store.fillView(0, 0, asIs, 0);
            store.fillView(0, 1, mirrored, 0);
            assertEquals(asIs[5 * s + 10], mirrored[5 * s + s - 1 - 10], 1e-6f);
            assertEquals((original[7 * s + 3] & 0xFF) / 255f, asIs[7 * s + 3], 1e-6f);
        }
        try (ImageStore other = new ImageStore(scan.images(), s, null, null, 1 << 24, null)) {
            other.setViews(true, 12, 8);
            assertFalse(Arrays.equals(other.augmentedPixels(0, 2), augmentedWithSeed(scan, s, 7)),
                    "another seed draws other views");
        }
        // the same dataset in another folder draws the same views from the same seed
        Path moved = TestData.emojiSubset(tmp.resolve("elsewhere/data"), 3, "food");
        assertArrayEquals(augmentedWithSeed(scan, s, 7), augmentedWithSeed(new DatasetScanner().scan(moved), s, 7),
                "views depend on the image, its class and the seed, not on where the dataset lies");
    }

    @Test
    void headOnlyTrainingCachesEveryAugmentedView() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 5, "animal", "food");
        TrainingRuns.Result run = TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.EPOCHS, 2).set(RecipeField.VIEWS, 3).build(),
                tmp.resolve("run"));
        assertEquals(RunOutcome.COMPLETED, run.finished().status());
        RunEvent.RunStarted started = run.events().stream().filter(e -> e instanceof RunEvent.RunStarted)
                .map(RunEvent.RunStarted.class::cast).findFirst().orElseThrow();
        assertTrue(started.featureCache());
        int train = started.trainImages();
        int val = started.valImages();
        // the first pass's last event (the head's epochs and the calibration report progress of their own)
        List<RunEvent.Caching> caching = run.events().stream().filter(e -> e instanceof RunEvent.Caching)
                .map(RunEvent.Caching.class::cast).toList();
        RunEvent.Caching last = caching.stream().filter(c -> c.what().equals(caching.get(0).what()))
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(train * 5 + val, last.total(), "as is + mirror + 3 style views, once each");
        assertEquals(last.total(), last.done());
        // every epoch trains on every cached view
        RunEvent.Batch lastBatch = run.events().stream().filter(e -> e instanceof RunEvent.Batch)
                .map(RunEvent.Batch.class::cast).reduce((a, b) -> b).orElseThrow();
        assertEquals((train * 5 + 7) / 8, lastBatch.batches());
    }

    @Test
    void featureNoiseChangesTheStyleViewsOnly() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 5, "animal", "food");
        // without style views there is nothing to perturb: the same model, bit for bit
        byte[] plain = modelParams(TrainingRuns.quick(data).set(RecipeField.VIEWS, 0).set(RecipeField.FEATURE_NOISE, 0f), "plain-off");
        assertArrayEquals(plain, modelParams(TrainingRuns.quick(data).set(RecipeField.VIEWS, 0).set(RecipeField.FEATURE_NOISE, 1f), "plain-on"));
        // with one style view per image the noise changes what the head learns from
        byte[] styled = modelParams(TrainingRuns.quick(data).set(RecipeField.VIEWS, 1).set(RecipeField.FEATURE_NOISE, 0f), "styled-off");
        assertFalse(Arrays.equals(styled, modelParams(TrainingRuns.quick(data).set(RecipeField.VIEWS, 1).set(RecipeField.FEATURE_NOISE, 1f),
                "styled-on")));
        assertArrayEquals(modelParams(TrainingRuns.quick(data).set(RecipeField.VIEWS, 1).set(RecipeField.FEATURE_NOISE, 1f), "styled-on-again"),
                modelParams(TrainingRuns.quick(data).set(RecipeField.VIEWS, 1).set(RecipeField.FEATURE_NOISE, 1f), "styled-on-third"),
                "the noise is a fixed function of the seed");
    }

    private byte[] modelParams(dev.graft.core.run.RecipeBuilder recipe, String name) throws Exception {
        TrainingRuns.train(recipe.build(), tmp.resolve(name));
        return java.nio.file.Files.readAllBytes(tmp.resolve(name).resolve("model")
                .resolve(dev.graft.core.model.ModelFiles.PARAMS));
    }

    private static byte[] augmentedWithSeed(DatasetScan scan, int s, long seed) throws Exception {
        try (ImageStore store = new ImageStore(scan.images(), s, null, null, 1 << 24, null)) {
            store.setViews(true, 12, seed);
            return store.augmentedPixels(0, 2);
        }
    }

    private static double saturation(byte[] px, int plane) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < plane; i++) {
            int r = px[i] & 0xFF;
            int g = px[plane + i] & 0xFF;
            int b = px[2 * plane + i] & 0xFF;
            int max = Math.max(r, Math.max(g, b));
            int min = Math.min(r, Math.min(g, b));
            if (r + g + b < 3 * 240) {
                sum += max == 0 ? 0 : (max - min) / (double) max;
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static int darkPixels(byte[] px, int plane) {
        int n = 0;
        for (int i = 0; i < plane; i++) {
            if ((px[i] & 0xFF) + (px[plane + i] & 0xFF) + (px[2 * plane + i] & 0xFF) < 3 * 60) {
                n++;
            }
        }
        return n;
    }
}
