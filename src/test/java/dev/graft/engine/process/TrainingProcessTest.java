package dev.graft.engine.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
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

    private List<String> args(Path data, Path run) {
        return List.of("--data", data.toString(), "--out", run.toString(), "--freeze", "none", "--image-size", "64",
                "--batch-size", "8", "--epochs", "200", "--device", "cpu");
    }

    private TrainingProcess.Exit runUntilFirstCheckpoint(TrainingProcess worker, List<JsonObject> events,
            Consumer<TrainingProcess> action) throws Exception {
        boolean[] acted = new boolean[1];
        return worker.run(new TrainingProcess.Listener() {
            @Override
            public void onEvent(String line, JsonObject event) {
                events.add(event);
                if (!acted[0] && "checkpoint".equals(event.get("type").getAsString())) {
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
        TrainingProcess worker = new TrainingProcess(args(data, run), run, false);
        List<JsonObject> events = new ArrayList<>();
        TrainingProcess.Exit exit = runUntilFirstCheckpoint(worker, events, TrainingProcess::stop);

        assertFalse(exit.crashed(), String.valueOf(exit.cause()));
        JsonObject last = events.get(events.size() - 1);
        assertEquals("finished", last.get("type").getAsString());
        assertEquals("stopped", last.get("status").getAsString());
        JsonObject partial = events.stream().filter(e -> "checkpoint".equals(e.get("type").getAsString())
                && e.get("partial").getAsBoolean()).findFirst().orElseThrow();
        Path checkpoint = Path.of(partial.get("path").getAsString());
        try (LoadedNet net = NetLoader.load(checkpoint, Device.cpu())) {
            assertEquals(List.of("animal", "food", "vehicle"), net.net().spec().classes());
        }
        assertTrue(Files.isRegularFile(run.resolve("model/model-0000.params")));
    }

    @Test
    void aNativeCrashIsReportedAndEarlierCheckpointsSurvive() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 8, "animal", "food");
        Path run = tmp.resolve("run");
        TrainingProcess worker = new TrainingProcess(args(data, run), run, false);
        List<JsonObject> events = new ArrayList<>();
        TrainingProcess.Exit exit = runUntilFirstCheckpoint(worker, events, w -> {
            try {
                // the signal libtorch's oneDNN raises on CPUs that report no cache sizes (GUIDE §5)
                new ProcessBuilder("bash", "-c", "kill -FPE " + w.handle().pid()).start().waitFor(10,
                        TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertTrue(exit.crashed());
        assertTrue(exit.sigfpe(), exit.cause());
        assertTrue(exit.cause().contains("SIGFPE"));
        assertTrue(exit.hint().contains("--safe-cpu"));
        assertTrue(ModelCatalogue.latestCheckpoint(run).isPresent());
        try (LoadedNet net = NetLoader.load(ModelCatalogue.latestCheckpoint(run).get(), Device.cpu())) {
            assertEquals(2, net.net().spec().classes().size());
        }
    }
}
