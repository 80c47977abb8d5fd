package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.core.util.Json;
import dev.graft.engine.process.WorkerEnvironment;
import dev.graft.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graft bench transfer} trains inside the graft process; started without the training
 * worker's environment (as this test JVM is), it runs again in a child process that has it, so its
 * times are those of {@code graft train}.
 */
class BenchRelaunchTest {

    @TempDir
    Path tmp;

    @Test
    void aBenchThatTrainsHereMeasuresWithTheWorkersEnvironment() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(
                dev.graft.engine.process.WorkerEnvironmentRelaunch.hasWorkerEnvironment(System.getenv()),
                "this JVM already has the worker's environment: there is nothing to start again for");
        Path data = TestData.emojiSubset(tmp.resolve("data"), 4, "animal", "food");
        Path test = TestData.emojiSubset(tmp.resolve("test"), 2, "animal", "food");
        Path out = tmp.resolve("bench");
        int code = GraftCli.newCommandLine().execute("bench", "transfer", "--data", data.toString(), "--test",
                test.toString(), "--presets", "head only", "--preset-epochs", "1", "--seeds", "1", "--batch-size",
                "4", "--no-scratch", "--out", out.toString());
        assertEquals(0, code);
        Map<?, ?> bench = Json.COMPACT.fromJson(Files.readString(out.resolve("bench.json")), Map.class);
        // recorded by the process that trained: the worker's variables, not this JVM's (unset)
        assertEquals(WorkerEnvironment.of(false), bench.get("environment"));
        assertEquals(1, ((java.util.List<?>) ((Map<?, ?>) bench.get("transfer")).get("presets")).size());
    }
}
