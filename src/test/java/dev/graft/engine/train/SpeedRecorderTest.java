package dev.graft.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeField;
import dev.graft.core.run.RunSpeeds;
import dev.graft.testing.TestData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A completed run leaves its speed for the next run's estimate; the estimate then covers the run it measured. */
class SpeedRecorderTest {

    @TempDir
    Path tmp;

    @Test
    void aCompletedRunRemembersHowFastItsKindOfRecipeRan() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food");
        // a seed no other test uses: the speeds file of the tests' data folder is shared
        Recipe recipe = TrainingRuns.quick(data).set(RecipeField.SEED, 424_242L).set(RecipeField.BATCH_SIZE, 6)
                .build();
        RunSpeeds speeds = RunSpeeds.user();
        TrainingRuns.Result r = TrainingRuns.train(recipe, tmp.resolve("run"));
        RunSpeeds.Speed s = speeds.of(recipe);
        assertNotNull(s, "measured and remembered");
        assertTrue(s.passSecondsPerImage() > 0, "the head-only recipe passes every image through the backbone once");
        assertTrue(s.epochSecondsPerImage() > 0);
        int train = r.events().stream().filter(e -> e instanceof dev.graft.core.run.RunEvent.RunStarted)
                .map(e -> ((dev.graft.core.run.RunEvent.RunStarted) e).trainImages()).findFirst().orElseThrow();
        assertEquals(12, s.images(), "the run's training and validation images");
        // the estimate of the run it measured is its own time, give or take what happened after the last event
        assertEquals(r.finished().seconds(), s.seconds(train, s.images() - train, recipe.epochs()),
                0.25 * r.finished().seconds() + 0.5);
    }

    @Test
    void aStoppedOrFailedRunLeavesNoMeasurement() {
        SpeedRecorder rec = new SpeedRecorder(System.nanoTime());
        rec.accept(new dev.graft.core.run.RunEvent.Finished(dev.graft.core.run.RunOutcome.STOPPED, 1, null, null,
                null, "/r", 1, java.util.Map.of(), "stopped"));
        assertNull(rec.speed());
    }
}
