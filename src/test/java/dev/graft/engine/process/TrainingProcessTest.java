package dev.graft.engine.process;

import dev.graft.core.run.RunOutcome;

import dev.graft.core.run.RecipeField;

import dev.graft.core.run.Recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.graft.core.eval.Evaluation;
import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunFolder;
import dev.graft.core.run.RunStatus;
import dev.graft.core.run.StopSignal;
import dev.graft.core.util.Json;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import dev.graft.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training in a child process: a clean stop leaves a loadable checkpoint; a crash is explained. */
class TrainingProcessTest {

    @TempDir
    Path tmp;

    private Recipe args(Path data) {
        return Recipe.builder(data.toString()).set(RecipeField.FREEZE, "none").set(RecipeField.IMAGE_SIZE, 64)
                .set(RecipeField.BATCH_SIZE, 8).set(RecipeField.EPOCHS, 200).set(RecipeField.DEVICE, "cpu")
                .set(RecipeField.PROBE_EPOCHS, 0).build();
    }

    private TrainingProcess.Exit runUntilFirstCheckpoint(TrainingProcess worker, List<RunEvent> events,
            Consumer<TrainingProcess> action) throws Exception {
        boolean[] acted = new boolean[1];
        return worker.run(new TrainingProcess.Listener() {
            @Override
            public void onEvent(String line, RunEvent event) {
                events.add(event);
                if (!acted[0] && event instanceof RunEvent.Checkpoint) {
                    acted[0] = true;
                    action.accept(worker);
                }
            }
        });
    }

    @Test
    void stopEndsCleanlyWithALoadablePartialCheckpoint() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 8, "animal", "food", "vehicle");
        Path run = tmp.resolve("run");
        TrainingProcess worker = new TrainingProcess(args(data), RunClaim.claim(run, "t"), false, List.of());
        List<RunEvent> events = new ArrayList<>();
        TrainingProcess.Exit exit = runUntilFirstCheckpoint(worker, events, TrainingProcess::stop);

        assertFalse(exit.crashed(), String.valueOf(exit.cause()));
        RunEvent.Finished last = (RunEvent.Finished) events.get(events.size() - 1);
        assertTrue(last.stopped());
        assertEquals(StopSignal.ON_REQUEST, last.reason());
        assertTrue(last.epochsCompleted() >= 1);
        // the run's model is its last completed epoch, and the numbers describe that model
        RunFolder folder = new RunFolder(run);
        Path lastEpoch = folder.checkpoint(last.epochsCompleted(), false);
        assertArrayEquals(Files.readAllBytes(lastEpoch.resolve("model-0000.params")),
                Files.readAllBytes(folder.model().resolve("model-0000.params")));
        Evaluation evaluation = Json.COMPACT.fromJson(Files.readString(folder.evaluation()), Evaluation.class);
        assertEquals(evaluation.accuracy(), last.valAccuracy());
        for (RunEvent e : events) {
            if (e instanceof RunEvent.Checkpoint c && c.partial()) {
                try (LoadedNet net = NetLoader.load(Path.of(c.path()), Device.cpu())) {
                    assertEquals(List.of("animal", "food", "vehicle"), net.net().spec().classes());
                }
            }
        }
        assertEquals(RunOutcome.STOPPED, RunStatus.read(folder).orElseThrow().status());
    }

    @Test
    void aNativeCrashIsReportedAndEarlierCheckpointsSurvive() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 8, "animal", "food");
        Path run = tmp.resolve("run");
        TrainingProcess worker = new TrainingProcess(args(data), RunClaim.claim(run, "t"), false, List.of());
        List<RunEvent> events = new ArrayList<>();
        TrainingProcess.Exit exit = runUntilFirstCheckpoint(worker, events, w -> {
            try {
                // the signal libtorch's oneDNN raises on CPUs that report no cache sizes (docs/gpu.md, "A CPU quirk")
                new ProcessBuilder("bash", "-c", "kill -FPE " + w.handle().pid()).start().waitFor(10,
                        TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertTrue(exit.crashed());
        assertTrue(exit.sigfpe(), exit.cause());
        assertTrue(exit.cause().contains("SIGFPE"));
        assertTrue(exit.hint().contains("safe CPU setting"));
        RunStatus status = RunStatus.read(new RunFolder(run)).orElseThrow();
        assertEquals(RunOutcome.CRASHED, status.status());
        assertTrue(status.reason().contains("SIGFPE"));
        assertTrue(events.get(events.size() - 1) instanceof RunEvent.Failed, "the crash is an event too");
        assertTrue(ModelCatalogue.latestCheckpoint(run).isPresent());
        try (LoadedNet net = NetLoader.load(ModelCatalogue.latestCheckpoint(run).get(), Device.cpu())) {
            assertEquals(2, net.net().spec().classes().size());
        }
    }
}
