package dev.graft.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.cli.GraftCli;
import dev.graft.engine.process.WorkerEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft bench peer} without a usable Python, and what its header states. */
class PeerBenchTest {

    @TempDir
    Path tmp;

    private PeerBench.Options options(String python) {
        return new PeerBench.Options(Path.of("datasets-sample/emoji"), 32, 224, List.of(PeerMode.values()), 2, 3, 1,
                python, 2, List.of(), Map.of(), tmp.resolve("bench"));
    }

    @Test
    void withoutPythonItSaysWhatWasTriedAndHowToGetItAndRunsNothing() throws Exception {
        Path missing = tmp.resolve("no-such-python3");
        List<String> lines = new ArrayList<>();
        PeerBench.NoPythonException e = assertThrows(PeerBench.NoPythonException.class,
                () -> new PeerBench(options(missing.toString()), lines::add).run());
        assertTrue(e.getMessage().contains(missing + ": cannot start"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install python3-torch python3-torchvision"), e.getMessage());
        assertTrue(e.getMessage().contains("--python"), e.getMessage());
        assertTrue(lines.isEmpty(), "nothing ran: " + lines);
        assertFalse(Files.exists(tmp.resolve("bench")), "no inputs were written");
    }

    @Test
    void theCommandLineEndsWithTheMessageAndExitCode3() {
        Path missing = tmp.resolve("no-such-python3");
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = GraftCli.newCommandLine().execute("bench", "peer", "--python", missing.toString(), "--out",
                    tmp.resolve("out").toString());
        } finally {
            System.setErr(oldErr);
        }
        assertEquals(3, code);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("no Python with torch and torchvision was found"), text);
        assertFalse(text.contains("Exception"), "a message, not a stack trace: " + text);
    }

    @Test
    void theHeaderStatesHugePagesAndTheInstructionSetAlsoWhenUnset() {
        String fast = PeerBench.describeGraftEnv(WorkerEnvironment.of(false));
        assertTrue(fast.contains("THP_MEM_ALLOC_ENABLE=1"), fast);
        if (System.getenv("ONEDNN_MAX_CPU_ISA") == null) {
            assertTrue(fast.contains("ONEDNN_MAX_CPU_ISA=(not set"), fast);
        }
        Map<String, String> safe = new LinkedHashMap<>(WorkerEnvironment.of(true));
        safe.put("OMP_WAIT_POLICY", "PASSIVE");
        String s = PeerBench.describeGraftEnv(safe);
        assertTrue(s.contains("ONEDNN_MAX_CPU_ISA=SSE41"), s);
        assertTrue(s.endsWith(", OMP_WAIT_POLICY=PASSIVE"), s);
        assertTrue(PeerBench.describeLoad().contains("load average"), PeerBench.describeLoad());
    }

    @Test
    void theWorkerAlwaysAsksForHugePagesAndOnlyTheSafeModeLimitsTheInstructionSet() {
        Map<String, String> fast = WorkerEnvironment.of(false);
        assertEquals("1", fast.get("THP_MEM_ALLOC_ENABLE"));
        assertFalse(fast.containsKey("ONEDNN_MAX_CPU_ISA"));
        assertEquals("SSE41", WorkerEnvironment.of(true).get("ONEDNN_MAX_CPU_ISA"));
        assertTrue(fast.get("GLIBC_TUNABLES").startsWith(WorkerEnvironment.MALLOC_TUNABLES), fast.toString());
    }
}
