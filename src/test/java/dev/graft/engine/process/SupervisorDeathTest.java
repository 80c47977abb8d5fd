package dev.graft.engine.process;

import dev.graft.core.run.RunOutcome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunFolder;
import dev.graft.core.run.RunStatus;
import dev.graft.core.run.StopSignal;
import dev.graft.testing.GraftProcess;
import dev.graft.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of {@code graft train} (or of the window) must not leave its training process
 * running unsupervised: the worker notices within seconds, stops as a graceful stop would, and
 * records why.
 */
class SupervisorDeathTest {

    @TempDir
    Path tmp;

    @Test
    void theWorkerStopsAndRecordsItWhenItsSupervisorIsKilled() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food");
        Path out = tmp.resolve("run");
        GraftProcess graft = GraftProcess.start(tmp, tmp.resolve("home"), tmp.resolve("logs"), "train", "--data",
                data.toString(), "--out", out.toString(), "--image-size", "64", "--epochs", "1000", "--freeze", "none",
                "--probe-epochs", "0");
        RunFolder run = new RunFolder(out);
        graft.await(180, () -> lines(run).stream().anyMatch(l -> l.contains("\"type\":\"batch\"")));
        List<ProcessHandle> workers = graft.handle().descendants().toList();
        assertEquals(1, workers.size(), "one training process");
        ProcessHandle worker = workers.get(0);

        graft.handle().destroyForcibly(); // kill -9: no shutdown hook, no goodbye

        // a graceful stop writes a checkpoint of the partial epoch first; give it time, not forever
        worker.onExit().get(60, TimeUnit.SECONDS);
        assertFalse(worker.isAlive());
        List<String> events = lines(run);
        RunEvent last = RunEvent.parse(events.get(events.size() - 1));
        assertTrue(last instanceof RunEvent.Finished, events.get(events.size() - 1));
        RunEvent.Finished finished = (RunEvent.Finished) last;
        assertTrue(finished.stopped());
        assertEquals(StopSignal.SUPERVISOR_ENDED, finished.reason());
        RunStatus status = RunStatus.read(run).orElseThrow();
        assertEquals(RunOutcome.STOPPED, status.status());
        assertEquals(StopSignal.SUPERVISOR_ENDED, status.reason());
    }

    private static List<String> lines(RunFolder run) {
        try {
            return Files.exists(run.events()) ? Files.readAllLines(run.events()) : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
