package dev.graft.engine.train;

import dev.graft.core.run.RecipeField;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.RunEvent;
import dev.graft.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Head-only training uses the feature cache; augmentation bypasses it and says so. */
class FeatureCacheTest {

    @TempDir
    Path tmp;

    @Test
    void frozenBackboneTrainsFromCachedFeaturesAndWritesARunFolder() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food");
        TrainingRuns.Result run = TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.EPOCHS, 3).build(), tmp.resolve("run"));
        RunEvent.RunStarted started = first(run, RunEvent.RunStarted.class);
        assertTrue(started.featureCache());
        assertTrue(run.finished().metrics().containsKey("featureCacheSeconds"));
        assertEquals(3, run.events().stream().filter(e -> e instanceof RunEvent.Epoch).count());
        for (String f : new String[] {"recipe.json", "dataset.json", "evaluation.json", "model/serving.properties",
            "model/model-0000.params", "model/synset.txt", "checkpoints/epoch-0001/model-0000.params",
            "checkpoints/epoch-0003/graft-model.json"}) {
            assertTrue(Files.isRegularFile(tmp.resolve("run").resolve(f)), f);
        }
    }

    @Test
    void keepCheckpointsKeepsOnlyTheNewest() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 4, "animal", "food");
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.EPOCHS, 4).set(RecipeField.KEEP_CHECKPOINTS, 2).build(), tmp.resolve("run"));
        try (var s = Files.list(tmp.resolve("run/checkpoints"))) {
            assertEquals(java.util.List.of("epoch-0003", "epoch-0004"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void augmentationBypassesTheCacheWithAWarning() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 4, "animal", "food");
        TrainingRuns.Result run = TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.EPOCHS, 1).set(RecipeField.AUGMENT, true).build(),
                tmp.resolve("run"));
        assertFalse(first(run, RunEvent.RunStarted.class).featureCache());
        assertTrue(run.events().stream().anyMatch(e -> e instanceof RunEvent.Warning w
                && w.message().contains("feature cache is bypassed")));
    }

    private static <T> T first(TrainingRuns.Result run, Class<T> type) {
        return run.events().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }
}
