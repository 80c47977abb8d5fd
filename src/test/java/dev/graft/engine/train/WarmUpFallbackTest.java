package dev.graft.engine.train;

import dev.graft.core.run.RunOutcome;

import dev.graft.core.run.RecipeField;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.eval.Evaluation;
import dev.graft.core.model.ModelFiles;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunFolder;
import dev.graft.core.run.RunRecord;
import dev.graft.core.run.RunRecords;
import dev.graft.core.util.Json;
import dev.graft.engine.export.ModelExporter;
import dev.graft.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: a user who trains backbone layers must never get a model worse on validation than
 * head-only training. The head warm-up (the new head on the pretrained backbone) is validated and
 * kept; when fine-tuning ends below it, the run publishes the warm-up and says so.
 */
class WarmUpFallbackTest {

    @TempDir
    Path tmp;

    @Test
    void fineTuningThatEndsBelowTheWarmUpPublishesTheWarmUpAndSaysSo() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 10, "animal", "food", "vehicle");
        // a backbone learning rate 10× the head's (0.1 with Adam) wrecks the last two stages in one
        // epoch, while the warm-up at the head's 0.01 fits
        Path dir = tmp.resolve("run");
        TrainingRuns.Result run = TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.IMAGE_SIZE, 96).set(RecipeField.TRAIN_LAST, 2).set(RecipeField.EPOCHS, 1)
                .set(RecipeField.BACKBONE_LR_SCALE, 10f).set(RecipeField.VIEWS, 0).set(RecipeField.PROBE_EPOCHS, 10).set(RecipeField.VAL_FRACTION, 0.3f).set(RecipeField.SEED, 3L).build(), dir);
        RunFolder folder = new RunFolder(dir);
        double lastEpoch = lastValidation(run.events());
        double warmUp = run.finished().metrics().get(RunEvent.Finished.WARM_UP_VAL_ACCURACY);
        assertTrue(lastEpoch < warmUp, "precondition: fine-tuning must end below the warm-up here, "
                + lastEpoch + " vs " + warmUp);

        assertEquals(RunOutcome.COMPLETED, run.finished().status());
        assertTrue(run.finished().warmUpPublished());
        assertEquals(warmUp, run.finished().valAccuracy(), "the numbers describe the published model");
        assertNull(run.finished().accuracy(), "no training accuracy was measured for the warm-up");
        Evaluation published = Json.COMPACT.fromJson(Files.readString(folder.evaluation()), Evaluation.class);
        assertEquals(warmUp, published.accuracy());
        assertArrayEquals(Files.readAllBytes(folder.warmUpCheckpoint().resolve(ModelFiles.PARAMS)),
                Files.readAllBytes(folder.model().resolve(ModelFiles.PARAMS)), "the model is the warm-up's");
        assertTrue(Files.isDirectory(folder.checkpoint(1, false)), "the fine-tuned epoch is kept");
        String warning = run.events().stream().filter(e -> e instanceof RunEvent.Warning)
                .map(e -> ((RunEvent.Warning) e).message()).filter(m -> m.contains("warm-up")).findFirst()
                .orElseThrow();
        assertTrue(warning.contains("epoch 1's fine-tuned model stays in the run's checkpoints"), warning);
        // what the window's results and history read: the warm-up's numbers, not epoch 1's
        RunRecord record = RunRecords.read(dir);
        assertEquals(warmUp, record.valAccuracy());
        assertNull(record.trainAccuracy(), "epoch 1's training accuracy does not describe the warm-up");
        assertTrue(record.warmUpKept());
    }

    @Test
    void fineTuningThatTiesWithTheWarmUpIsPublished() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 10, "animal", "food", "vehicle");
        Path dir = tmp.resolve("run");
        // a tiny rate after the warm-up: fine-tuning moves the weights but ties with the warm-up,
        // and on a tie the user gets the fine-tuning they asked for
        TrainingRuns.Result run = TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.IMAGE_SIZE, 96).set(RecipeField.TRAIN_LAST, 1).set(RecipeField.EPOCHS, 2)
                .set(RecipeField.BACKBONE_LR_SCALE, 1e-4f).set(RecipeField.VIEWS, 0).set(RecipeField.PROBE_EPOCHS, 10).set(RecipeField.VAL_FRACTION, 0.3f).set(RecipeField.SEED, 3L).build(), dir);
        RunFolder folder = new RunFolder(dir);
        double lastEpoch = lastValidation(run.events());
        double warmUp = run.finished().metrics().get(RunEvent.Finished.WARM_UP_VAL_ACCURACY);
        assertTrue(lastEpoch >= warmUp, "precondition: fine-tuning holds its own, " + lastEpoch + " vs " + warmUp);
        assertFalse(run.finished().warmUpPublished());
        assertEquals(lastEpoch, run.finished().valAccuracy());
        byte[] model = Files.readAllBytes(folder.model().resolve(ModelFiles.PARAMS));
        assertArrayEquals(Files.readAllBytes(folder.checkpoint(2, false).resolve(ModelFiles.PARAMS)), model,
                "the model is the last epoch's");
        assertFalse(Arrays.equals(Files.readAllBytes(folder.warmUpCheckpoint().resolve(ModelFiles.PARAMS)), model),
                "fine-tuning changed the weights");
        assertTrue(Files.isRegularFile(folder.warmUpCheckpoint().resolve(ModelFiles.PARAMS)),
                "the warm-up is kept as a checkpoint");
        assertFalse(RunRecords.read(dir).warmUpKept());
    }

    @Test
    void theWarmUpIsTheHeadOnlyModel() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 8, "animal", "food", "vehicle");
        TrainingRuns.Result headOnly = TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.IMAGE_SIZE, 96).set(RecipeField.EPOCHS, 4)
                .set(RecipeField.VIEWS, 0).set(RecipeField.VAL_FRACTION, 0.3f).set(RecipeField.SEED, 5L).build(), tmp.resolve("head-only"));
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.IMAGE_SIZE, 96).set(RecipeField.TRAIN_LAST, 1).set(RecipeField.EPOCHS, 1).set(RecipeField.PROBE_EPOCHS, 4)
                .set(RecipeField.VIEWS, 0).set(RecipeField.VAL_FRACTION, 0.3f).set(RecipeField.SEED, 5L).build(), tmp.resolve("last-1"));
        Path warmUp = new RunFolder(tmp.resolve("last-1")).warmUpCheckpoint();
        assertArrayEquals(Files.readAllBytes(tmp.resolve("head-only/model").resolve(ModelFiles.PARAMS)),
                Files.readAllBytes(warmUp.resolve(ModelFiles.PARAMS)),
                "same features, order, schedule and seed: the same weights, bit for bit");
        Evaluation e = Json.COMPACT.fromJson(Files.readString(warmUp.resolve(ModelExporter.EVALUATION)),
                Evaluation.class);
        assertEquals(headOnly.finished().valAccuracy(), e.accuracy());
    }

    private static double lastValidation(List<RunEvent> events) {
        return events.stream().filter(e -> e instanceof RunEvent.Validation)
                .map(e -> ((RunEvent.Validation) e).valAccuracy()).reduce((a, b) -> b).orElseThrow();
    }
}
