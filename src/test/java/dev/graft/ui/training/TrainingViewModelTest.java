package dev.graft.ui.training;

import dev.graft.testing.Waits;

import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeField;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.ReplayLauncher;
import dev.graft.testing.TestData;
import dev.graft.core.run.RunClaim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training view-model driving a real worker process, without a toolkit. */
class TrainingViewModelTest {

    @TempDir
    Path tmp;

    /** Until the run has ended and every event is applied, draining as the UI pulse does. */
    private static void waitFor(TrainingViewModel vm, long millis) throws Exception {
        Waits.until(java.time.Duration.ofMillis(millis), () -> {
            vm.drain();
            RunState s = vm.stateProperty().get();
            return (s == RunState.COMPLETED || s == RunState.STOPPED || s == RunState.FAILED) && !vm.isActive();
        });
    }

    @Test
    void aRealRunFillsTheChartsAndEndsCompleted() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food");
        TrainingViewModel vm = new TrainingViewModel(TrainingLauncher.childProcess());
        vm.start(Recipe.builder(data.toString()).set(RecipeField.IMAGE_SIZE, 64).set(RecipeField.EPOCHS, 3).set(RecipeField.BATCH_SIZE, 8).build(),
                RunClaim.claim(tmp.resolve("run"), "t"), false);
        assertEquals(RunState.RUNNING, vm.stateProperty().get());
        waitFor(vm, 600_000);
        assertEquals(RunState.COMPLETED, vm.stateProperty().get(), vm.messageProperty().get());
        assertTrue(vm.batchLoss().size() >= 3, "batch points: " + vm.batchLoss().size());
        assertEquals(3, vm.valAccuracy().size());
        assertEquals(3.0, vm.valLoss().get(2).x());
        assertEquals(1.0, vm.progressProperty().get());
        assertTrue(Files.isDirectory(Path.of(vm.finishedProperty().get().modelDir())));
        assertEquals("", vm.progressTextProperty().get(), "no ETA after the run");
    }

    @Test
    void aReplayedRunIsNamedInEveryMessageAndEndsWithTheRecordedAccuracy() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 8, "animal", "food", "vehicle");
        TrainingViewModel vm = new TrainingViewModel(ReplayLauncher.quick());
        vm.start(Recipe.builder(data.toString()).set(RecipeField.EPOCHS, 4).build(), RunClaim.claim(tmp.resolve("run"), "replayed"),
                false);
        assertEquals("Run 'replayed': starting …", vm.messageProperty().get());
        waitFor(vm, 60_000);
        assertEquals(RunState.COMPLETED, vm.stateProperty().get(), vm.messageProperty().get());
        String acc = TrainingMessages.accuracy(ReplayLauncher.recordedValAccuracy());
        assertEquals("Run 'replayed' done: 4 epochs · validation accuracy " + acc, vm.messageProperty().get());
        assertEquals(4, vm.valAccuracy().size());
        assertEquals("", vm.progressTextProperty().get());
    }

    @Test
    void aStoppedRunSaysWhichModelItKeptAndLeavesNoEta() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 8, "animal", "food", "vehicle");
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        TrainingViewModel vm = new TrainingViewModel(new ReplayLauncher(5, -1, hold));
        vm.start(Recipe.builder(data.toString()).set(RecipeField.EPOCHS, 4).build(), RunClaim.claim(tmp.resolve("run"), "stopped"),
                false);
        Waits.until(java.time.Duration.ofSeconds(60), () -> {
            vm.drain();
            return vm.progressTextProperty().get().startsWith("Epoch");
        });
        assertTrue(vm.progressTextProperty().get().contains("ETA"), vm.progressTextProperty().get());
        vm.stop();
        assertEquals("", vm.progressTextProperty().get(), "the ETA goes with the stop");
        waitFor(vm, 30_000);
        assertEquals(RunState.STOPPED, vm.stateProperty().get());
        assertEquals("Run 'stopped' stopped (on request) before its first epoch finished: no model was saved.",
                vm.messageProperty().get());
        assertFalse(vm.messageProperty().get().contains("NaN"));
    }

    @Test
    void aCrashStopsTheProgressAndSaysWhatToDo() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 8, "animal", "food", "vehicle");
        TrainingViewModel vm = new TrainingViewModel(new ReplayLauncher(5, 10, null));
        vm.start(Recipe.builder(data.toString()).set(RecipeField.EPOCHS, 4).build(), RunClaim.claim(tmp.resolve("run"), "killed"),
                false);
        waitFor(vm, 30_000);
        assertEquals(RunState.FAILED, vm.stateProperty().get());
        assertTrue(vm.messageProperty().get().startsWith("Run 'killed' failed: The training process was killed"),
                vm.messageProperty().get());
        assertEquals(0.0, vm.progressProperty().get(), "no bar left animating");
        assertEquals("", vm.progressTextProperty().get());
        assertTrue(vm.failureHintProperty().get().contains("batch size"));
    }

    @Test
    void aSecondRunIsNotConfusedByTheFirstRunsLateMessages() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 4, "animal", "food");
        // the real launcher, telling when its first worker's exit has been handed to the view-model
        java.util.concurrent.CountDownLatch firstExit = new java.util.concurrent.CountDownLatch(1);
        TrainingLauncher real = TrainingLauncher.childProcess();
        TrainingViewModel vm = new TrainingViewModel((recipe, claim, safeCpu, onEvent, onExit) -> real.start(recipe,
                claim, safeCpu, onEvent, exit -> {
                    onExit.accept(exit);
                    firstExit.countDown();
                }));
        Recipe args = Recipe.builder(data.toString()).set(RecipeField.IMAGE_SIZE, 64).set(RecipeField.EPOCHS, 2).set(RecipeField.BATCH_SIZE, 8).build();
        vm.start(args, RunClaim.claim(tmp.resolve("run1"), "t"), false);
        // the UI applies events only until the run reports "finished"; the worker's exit comes later
        Waits.until(java.time.Duration.ofMinutes(10), () -> {
            vm.drain();
            return vm.stateProperty().get() == RunState.COMPLETED;
        });
        // the first worker's exit arrives in the queue and stays there, undrained
        assertTrue(firstExit.await(5, java.util.concurrent.TimeUnit.MINUTES), "the first worker ended");
        vm.start(args, RunClaim.claim(tmp.resolve("run2"), "t"), false);
        waitFor(vm, 600_000);
        assertEquals(RunState.COMPLETED, vm.stateProperty().get(), vm.messageProperty().get());
        assertEquals(2, vm.valAccuracy().size(), "only the second run's points");
    }

    @Test
    void aBadDatasetFailsWithTheEnginesMessageAndKeepsTheWindowState() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        TrainingViewModel vm = new TrainingViewModel(TrainingLauncher.childProcess());
        vm.start(Recipe.builder(empty.toString()).set(RecipeField.IMAGE_SIZE, 64).build(), RunClaim.claim(tmp.resolve("run"), "t"), false);
        waitFor(vm, 60_000);
        assertEquals(RunState.FAILED, vm.stateProperty().get());
        assertTrue(vm.messageProperty().get().contains("No class folders"), vm.messageProperty().get());
        assertFalse(vm.offerSafeRetryProperty().get());
    }
}
