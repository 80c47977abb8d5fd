package dev.graft.engine.train;

import dev.graft.core.run.RunOutcome;

import dev.graft.core.run.RecipeField;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.graft.core.model.FreezeException;
import dev.graft.core.run.RunEvent;
import dev.graft.engine.catalogue.FolderModel;
import dev.graft.engine.catalogue.TorchScriptFile;
import dev.graft.engine.diff.ParamDiff;
import dev.graft.engine.net.LoadedNet;
import dev.graft.testing.TestData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TorchScript backbone exported by PyTorch trains a new head; its own tensors stay put. */
class TorchScriptBackboneTest {

    @TempDir
    Path tmp;

    @Test
    void headTrainsOnAFrozenTorchScriptBackbone() throws Exception {
        Path pt = TestData.tinyTorchScript(tmp);
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food");
        TrainingRuns.Result run = TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.MODEL, pt.toString()).set(RecipeField.EPOCHS, 3)
                .set(RecipeField.LR, 0.03f).build(), tmp.resolve("run"));
        assertEquals(RunOutcome.COMPLETED, run.finished().status());
        RunEvent.RunStarted started = run.events().stream().filter(e -> e instanceof RunEvent.RunStarted)
                .map(RunEvent.RunStarted.class::cast).findFirst().orElseThrow();
        assertTrue(started.featureCache());
        assertEquals(32 * 2 + 2, started.trainableParameters(), "only the 32->2 head trains");

        ParamDiff.Result diff;
        try (LoadedNet original = new TorchScriptFile(pt, 64).load(Device.cpu());
                LoadedNet trained = new FolderModel(tmp.resolve("run/model")).load(Device.cpu())) {
            diff = ParamDiff.compare("pt", original, "run", trained);
        }
        long backbone = diff.tensors().stream().filter(t -> !t.name().startsWith("head.")).count();
        assertTrue(backbone >= 8, "backbone tensors compared: " + backbone);
        diff.tensors().stream().filter(t -> !t.name().startsWith("head."))
                .forEach(t -> assertTrue(t.identical(), t.name() + " changed"));
    }

    @Test
    void partialFreezingOfTorchScriptIsRefused() throws Exception {
        Path pt = TestData.tinyTorchScript(tmp);
        Path data = TestData.emojiSubset(tmp.resolve("data"), 3, "animal", "food");
        FreezeException e = assertThrows(FreezeException.class, () -> TrainingRuns.train(
                TrainingRuns.quick(data).set(RecipeField.MODEL, pt.toString()).set(RecipeField.FREEZE, "conv1,bn1").build(), tmp.resolve("run")));
        assertTrue(e.getMessage().contains("--freeze backbone"), e.getMessage());
    }

    @Test
    void fullFineTuningOfTorchScriptChangesTheBackbone() throws Exception {
        Path pt = TestData.tinyTorchScript(tmp);
        Path data = TestData.emojiSubset(tmp.resolve("data"), 4, "animal", "food");
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.MODEL, pt.toString()).set(RecipeField.FREEZE, "none").set(RecipeField.BACKBONE_LR_SCALE, 1f)
                .set(RecipeField.EPOCHS, 1).build(), tmp.resolve("run"));
        try (LoadedNet original = new TorchScriptFile(pt, 64).load(Device.cpu());
                LoadedNet trained = new FolderModel(tmp.resolve("run/model")).load(Device.cpu())) {
            ParamDiff.Result diff = ParamDiff.compare("pt", original, "run", trained);
            assertTrue(diff.tensors().stream().anyMatch(t -> t.name().startsWith("conv1") && !t.identical()));
        }
    }
}
