package dev.graft.ui.results;

import dev.graft.core.run.RecipeField;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.RunRecord;
import dev.graft.core.run.RunRecords;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.TestData;
import dev.graft.ui.common.Background;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results of a real run folder, naming the run, with the same number the run recorded. */
class ResultsViewModelTest {

    @TempDir
    Path tmp;

    @Test
    void namesTheRunShowsItsModelsAccuracyAndOffersItsModelForExport() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food");
        Path run = tmp.resolve("runs/first");
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.EPOCHS, 2).build(), run);
        RunRecord record = RunRecords.read(run);

        ResultsViewModel vm = new ResultsViewModel(Background.sameThread());
        vm.show(record, null);

        assertEquals("Run 'test run'", vm.titleProperty().get());
        assertTrue(vm.detailsProperty().get().contains("mobilenet_v2 head only")
                && vm.detailsProperty().get().contains(data.toString()), vm.detailsProperty().get());
        assertNotNull(vm.evaluationProperty().get());
        String accuracy = String.format(java.util.Locale.ROOT, "%.1f %%", 100 * record.valAccuracy());
        assertTrue(vm.headlineProperty().get().startsWith("Validation accuracy " + accuracy),
                vm.headlineProperty().get() + " vs the run's " + accuracy);
        assertEquals(record.valAccuracy(), vm.evaluationProperty().get().accuracy(), 1e-12);
        double rowShare = ResultsViewModel.share(vm.evaluationProperty().get(), 0, 0)
                + ResultsViewModel.share(vm.evaluationProperty().get(), 0, 1);
        assertEquals(1.0, rowShare, 1e-9);
        assertTrue(vm.exportNoteProperty().get().contains(run.resolve("model").toString()));

        assertEquals(run, vm.exporter().runProperty().get(), "the run's model can be exported");
        assertTrue(vm.calibration().summaryProperty().get().contains("temperature 1, "),
                "two classes of six: too few validation images to fit a temperature: "
                        + vm.calibration().summaryProperty().get());

        vm.clear("No results for other yet");
        assertNull(vm.evaluationProperty().get());
        assertEquals("No results for other yet", vm.titleProperty().get());
        assertEquals("", vm.headlineProperty().get());
        assertNull(vm.exporter().runProperty().get(), "nothing to export");
    }

    @Test
    void aRunThatKeptItsHeadWarmUpSaysSoInItsHeadlineAndOutcome() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 10, "animal", "food", "vehicle");
        Path run = tmp.resolve("runs/wrecked");
        // as in WarmUpFallbackTest: a backbone rate 10x the head's wrecks fine-tuning in one epoch
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.IMAGE_SIZE, 96).set(RecipeField.TRAIN_LAST, 2).set(RecipeField.EPOCHS, 1).set(RecipeField.BACKBONE_LR_SCALE, 10f)
                .set(RecipeField.PROBE_EPOCHS, 10).set(RecipeField.VAL_FRACTION, 0.3f).set(RecipeField.SEED, 3L).build(), run);
        RunRecord record = RunRecords.read(run);
        assertTrue(record.warmUpKept(), "precondition: the run kept its warm-up");

        ResultsViewModel vm = new ResultsViewModel(Background.sameThread());
        vm.show(record, null);

        assertTrue(vm.headlineProperty().get().contains("(" + dev.graft.ui.training.TrainingMessages.WARM_UP_KEPT
                + ")"), vm.headlineProperty().get());
        assertTrue(vm.detailsProperty().get().contains("(kept its head warm-up, which did better on validation)"),
                vm.detailsProperty().get());
    }

    @Test
    void aRunStoppedBeforeItsFirstEpochHasNoModelAndSaysSo() throws Exception {
        Path runDir = Files.createDirectories(tmp.resolve("run"));
        RunRecord stopped = new RunRecord(runDir, "early", null, null, dev.graft.core.run.RunOutcome.STOPPED, "stopped on request", 0, null, null,
                java.util.List.of(), false, null, null, null);
        ResultsViewModel vm = new ResultsViewModel(Background.sameThread());
        vm.show(stopped, null);
        assertEquals("This run has no model: stopped before its first epoch finished.", vm.headlineProperty().get());
        assertNull(vm.modelDirProperty().get());
    }

    @Test
    void anUndoneRelabellingIsAMistakeAgainAndLeavesNothingToRetrain() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 2, "animal", "food");
        Path file;
        try (var s = Files.list(data.resolve("food"))) {
            file = s.findFirst().orElseThrow();
        }
        Path moved = data.resolve("animal").resolve(file.getFileName());
        ResultsViewModel vm = new ResultsViewModel(Background.sameThread());
        // the labelling's move, as the workbench connects it (journalled there; a plain move here)
        vm.connect((f, cls) -> {
            try {
                Files.move(f, data.resolve(cls).resolve(f.getFileName()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, () -> { });
        vm.relabel(new dev.graft.core.eval.Evaluation.Mistake(file.toString(), "food", "animal", 0.9), "animal");
        assertEquals("animal", vm.relabelled().get(file.toString()));
        vm.forgetUndone();
        assertEquals(1, vm.relabelled().size(), "still moved: kept");

        Files.move(moved, file); // Ctrl+Z put it back
        vm.forgetUndone();

        assertTrue(vm.relabelled().isEmpty(), "the card is a mistake again and Retrain has nothing new");

        Files.move(file, moved); // Ctrl+Shift+Z moved it again
        vm.forgetUndone();
        assertEquals("animal", vm.relabelled().get(file.toString()), "redone: Retrain has it again");
    }
}
