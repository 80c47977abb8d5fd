package dev.graft.engine.train;

import dev.graft.core.run.RunOutcome;

import dev.graft.core.run.Recipe;

import dev.graft.core.run.RecipeField;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunFolder;
import dev.graft.core.run.RunStatus;
import dev.graft.core.run.StopSignal;
import dev.graft.core.run.StoppedException;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.engine.process.TrainingProcess;
import dev.graft.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop is honoured in every long phase (scan, feature caching, epochs, validation) within one
 * chunk of work, and always ends the run as "stopped" — never as a crash.
 */
class StopEverywhereTest {

    @TempDir
    Path tmp;

    @Test
    void aStopDuringFeatureCachingEndsAfterOneChunkAsStopped() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 12, "animal", "food");
        StopSignal stop = new StopSignal();
        List<RunEvent> events = new ArrayList<>();
        int[] cachingAfterStop = new int[1];
        RunEvent.Finished finished;
        try (RunClaim claim = RunClaim.claim(tmp.resolve("run"), "t")) {
            finished = new FineTuner(TrainingRuns.quick(data).set(RecipeField.IMAGE_SIZE, 96).build(), claim.folder(), "t", e -> {
                events.add(e);
                if (e instanceof RunEvent.Caching c) {
                    if (stop.requested()) {
                        cachingAfterStop[0]++;
                    } else if (c.done() > 0) {
                        stop.request(StopSignal.ON_REQUEST);
                    }
                }
            }, stop).run();
        }
        assertTrue(finished.stopped());
        assertEquals(0, finished.epochsCompleted());
        assertNull(finished.modelDir(), "nothing was trained, so there is no model");
        assertNull(finished.valAccuracy());
        assertEquals(0, cachingAfterStop[0], "no further chunk after the stop");
        assertFalse(events.stream().anyMatch(e -> e instanceof RunEvent.Batch));
        RunFolder run = new RunFolder(tmp.resolve("run"));
        assertFalse(Files.exists(run.model()));
        assertEquals(RunOutcome.STOPPED, RunStatus.read(run).orElseThrow().status());
        try (var leftovers = Files.list(run.dir())) {
            assertTrue(leftovers.noneMatch(p -> RunFolder.isTemporary(p.getFileName().toString())),
                    "the spill files of the cache are gone");
        }
    }

    @Test
    void sigtermToTheWorkerWhileCachingIsAStopNotACrash() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 12, "animal", "food", "vehicle");
        TrainingProcess worker = new TrainingProcess(Recipe.builder(data.toString())
                .set(RecipeField.IMAGE_SIZE, 96).set(RecipeField.DEVICE, "cpu").build(), RunClaim.claim(tmp.resolve("run"), "t"), false, List.of());
        List<RunEvent> events = new ArrayList<>();
        TrainingProcess.Exit exit = worker.run((line, e) -> {
            events.add(e);
            if (e instanceof RunEvent.Caching c && c.done() > 0 && c.done() < c.total()) {
                worker.stop(); // SIGTERM, as the window's Stop and a shell's kill send it
            }
        });
        assertFalse(exit.crashed(), String.valueOf(exit.cause()));
        RunEvent last = events.get(events.size() - 1);
        assertTrue(last instanceof RunEvent.Finished f && f.stopped() && f.epochsCompleted() == 0, last.toJson());
        assertEquals(RunOutcome.STOPPED, RunStatus.read(new RunFolder(tmp.resolve("run"))).orElseThrow().status());
    }

    @Test
    void aStopDuringTheScanEndsIt() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 4, "animal", "food");
        StopSignal stop = new StopSignal();
        stop.request(StopSignal.ON_REQUEST);
        assertThrows(StoppedException.class, () -> new DatasetScanner().scan(data, stop));
    }

    @Test
    void aStopMidEpochKeepsThePartialWeightsAndPublishesTheLastCompleteEpoch() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 8, "animal", "food");
        StopSignal stop = new StopSignal();
        RunEvent.Finished finished;
        try (RunClaim claim = RunClaim.claim(tmp.resolve("run"), "t")) {
            finished = new FineTuner(TrainingRuns.quick(data).set(RecipeField.FREEZE, "none").set(RecipeField.EPOCHS, 50).build(), claim.folder(), "t",
                    e -> {
                        if (e instanceof RunEvent.Batch b && b.epoch() == 2 && b.batch() == 1) {
                            stop.request(StopSignal.ON_REQUEST);
                        }
                    }, stop).run();
        }
        RunFolder run = new RunFolder(tmp.resolve("run"));
        assertTrue(finished.stopped());
        assertEquals(1, finished.epochsCompleted());
        assertTrue(Files.isDirectory(run.checkpoint(2, true)), "the partly trained epoch is kept");
        assertEquals(-1L, Files.mismatch(run.checkpoint(1, false).resolve("model-0000.params"),
                run.model().resolve("model-0000.params")), "the model is epoch 1's");
        assertTrue(Files.isRegularFile(run.evaluation()));
    }
}
