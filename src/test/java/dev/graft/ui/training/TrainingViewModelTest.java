package dev.graft.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static void waitFor(TrainingViewModel vm, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            vm.drain(); // what the UI pulse does
            RunState s = vm.stateProperty().get();
            if ((s == RunState.COMPLETED || s == RunState.STOPPED || s == RunState.FAILED) && !vm.isActive()) {
                return;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aRealRunFillsTheChartsAndEndsCompleted() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food");
        TrainingViewModel vm = new TrainingViewModel(TrainingLauncher.childProcess());
        vm.start(List.of("--data", data.toString(), "--image-size", "64", "--epochs", "3", "--batch-size", "8"),
                RunClaim.claim(tmp.resolve("run"), "t"), false);
        assertEquals(RunState.RUNNING, vm.stateProperty().get());
        waitFor(vm, 120_000);
        assertEquals(RunState.COMPLETED, vm.stateProperty().get(), vm.messageProperty().get());
        assertTrue(vm.batchLoss().size() >= 3, "batch points: " + vm.batchLoss().size());
        assertEquals(3, vm.valAccuracy().size());
        assertEquals(3.0, vm.valLoss().get(2).x());
        assertEquals(1.0, vm.progressProperty().get());
        assertTrue(Files.isDirectory(vm.modelDirProperty().get()));
    }

    @Test
    void aSecondRunIsNotConfusedByTheFirstRunsLateMessages() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 4, "animal", "food");
        TrainingViewModel vm = new TrainingViewModel(TrainingLauncher.childProcess());
        List<String> args = List.of("--data", data.toString(), "--image-size", "64", "--epochs", "2", "--batch-size",
                "8");
        vm.start(args, RunClaim.claim(tmp.resolve("run1"), "t"), false);
        // the UI applies events only until the run reports "finished"; the worker's exit comes later
        long end = System.currentTimeMillis() + 120_000;
        while (vm.stateProperty().get() != RunState.COMPLETED && System.currentTimeMillis() < end) {
            vm.drain();
            Thread.sleep(20);
        }
        Thread.sleep(1500); // let the first worker's exit arrive in the queue, undrained
        vm.start(args, RunClaim.claim(tmp.resolve("run2"), "t"), false);
        waitFor(vm, 120_000);
        assertEquals(RunState.COMPLETED, vm.stateProperty().get(), vm.messageProperty().get());
        assertEquals(2, vm.valAccuracy().size(), "only the second run's points");
    }

    @Test
    void aBadDatasetFailsWithTheEnginesMessageAndKeepsTheWindowState() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        TrainingViewModel vm = new TrainingViewModel(TrainingLauncher.childProcess());
        vm.start(List.of("--data", empty.toString(), "--image-size", "64"), RunClaim.claim(tmp.resolve("run"), "t"), false);
        waitFor(vm, 60_000);
        assertEquals(RunState.FAILED, vm.stateProperty().get());
        assertTrue(vm.messageProperty().get().contains("No class folders"), vm.messageProperty().get());
        assertFalse(vm.offerSafeRetryProperty().get());
    }
}
