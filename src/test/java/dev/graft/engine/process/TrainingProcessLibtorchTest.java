package dev.graft.engine.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The installed app points DJL at the libtorch inside its image with system properties (set by its
 * launcher); the training child must get the same ones, or it would unpack or download libtorch again.
 */
class TrainingProcessLibtorchTest {

    @org.junit.jupiter.api.io.TempDir
    Path tmp;

    private List<String> command() throws Exception {
        try (dev.graft.core.run.RunClaim claim = dev.graft.core.run.RunClaim.claim(tmp.resolve("run-" + System.nanoTime()),
                "t")) {
            return new TrainingProcess(dev.graft.core.run.Recipe.builder("x").build(), claim, false, List.of()).command();
        }
    }

    @Test
    void workerInheritsTheLibtorchSettings() throws Exception {
        Map<String, String> values = Map.of("PYTORCH_LIBRARY_PATH", "/opt/graft/lib/app/libtorch",
                "PYTORCH_VERSION", "2.7.1", "PYTORCH_FLAVOR", "cpu", "jna.boot.library.path", "/opt/graft/lib/app/jna");
        Map<String, String> saved = new HashMap<>();
        // only ever set while the constructor runs, so no engine in this JVM can see them
        synchronized (System.getProperties()) {
            try {
                values.forEach((k, v) -> saved.put(k, System.setProperty(k, v)));
                List<String> cmd = command();
                values.forEach((k, v) -> assertTrue(cmd.contains("-D" + k + "=" + v), k + " missing in " + cmd));
                int cp = cmd.indexOf("-cp");
                values.keySet().forEach(k -> assertTrue(cmd.indexOf("-D" + k + "=" + values.get(k)) < cp,
                        k + " must be a JVM option"));
            } finally {
                saved.forEach((k, v) -> {
                    if (v == null) {
                        System.clearProperty(k);
                    } else {
                        System.setProperty(k, v);
                    }
                });
            }
        }
    }

    @Test
    void nothingIsForwardedThatIsNotSet() throws Exception {
        List<String> cmd = command();
        if (System.getProperty("PYTORCH_LIBRARY_PATH") == null) {
            assertFalse(cmd.stream().anyMatch(a -> a.startsWith("-DPYTORCH_LIBRARY_PATH")), cmd.toString());
        }
    }
}
