package dev.graft.engine.train;

import dev.graft.core.run.RunOutcome;

import dev.graft.core.run.RecipeField;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.graft.core.eval.Evaluation;
import dev.graft.core.run.RunEvent;
import dev.graft.engine.catalogue.FolderModel;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.engine.eval.Evaluator;
import dev.graft.engine.net.LoadedNet;
import dev.graft.testing.TestData;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: "train last 2" for 3 epochs collapsed to one class. Training the last stages now runs
 * from a cache of the frozen stages' outputs, warms the head up first and keeps BatchNorm
 * statistics, and does not collapse.
 */
class PartialFineTuningTest {

    @TempDir
    Path tmp;

    @Test
    void trainingTheLastStagesUsesTheFrozenPrefixCacheAndDoesNotCollapse() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 10, "animal", "food", "vehicle");
        TrainingRuns.Result run = TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.IMAGE_SIZE, 96).set(RecipeField.TRAIN_LAST, 2).set(RecipeField.EPOCHS, 3)
                .set(RecipeField.VIEWS, 0).set(RecipeField.PROBE_EPOCHS, 10).set(RecipeField.VAL_FRACTION, 0.3f).set(RecipeField.SEED, 3L).build(), tmp.resolve("run"));
        assertEquals(RunOutcome.COMPLETED, run.finished().status());
        RunEvent.RunStarted started = run.events().stream().filter(e -> e instanceof RunEvent.RunStarted)
                .map(RunEvent.RunStarted.class::cast).findFirst().orElseThrow();
        assertTrue(started.note().contains("stem-stage5 frozen"), started.note());
        assertTrue(run.finished().metrics().containsKey("prefixCacheSeconds"));
        assertTrue(run.finished().metrics().containsKey("probeSeconds"), "the head is warmed up first");
        assertEquals(6.0, run.finished().metrics().get("prefixStages"), "stem and stages 1-5 are cached");

        // every held-out image and every training image, through the exported model
        Evaluation e;
        try (LoadedNet net = new FolderModel(tmp.resolve("run/model")).load(Device.cpu())) {
            e = Evaluator.evaluate(net, new DatasetScanner().scan(data), 8);
        }
        int[] predicted = new int[3];
        for (int[] row : e.confusion()) {
            for (int j = 0; j < row.length; j++) {
                predicted[j] += row[j];
            }
        }
        assertTrue(Arrays.stream(predicted).allMatch(p -> p > 0), "every class is predicted: "
                + Arrays.toString(predicted));
        assertTrue(Arrays.stream(predicted).max().orElseThrow() < 0.6 * e.images(),
                "no class takes most predictions: " + Arrays.toString(predicted));
        assertTrue(e.accuracy() > 0.6, "accuracy " + e.accuracy());
    }
}
