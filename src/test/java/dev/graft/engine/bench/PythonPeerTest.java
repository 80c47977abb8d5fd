package dev.graft.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a Python that can run the peer script. */
class PythonPeerTest {

    @TempDir
    Path tmp;

    @Test
    void triesPathPythonThenSystemOnesUnlessOneIsGiven() {
        List<String> c = PythonPeer.candidates(null);
        assertEquals("python3", c.get(0));
        assertEquals("/usr/bin/python3", c.get(1), "a pyenv/venv python3 first on the PATH often lacks torch");
        assertEquals(List.of("/opt/py/bin/python"), PythonPeer.candidates("/opt/py/bin/python"));
    }

    @Test
    void readsTheProbeAnswer() {
        var found = PythonPeer.parseProbe("/usr/bin/python3", "some warning\nGRAFT_PROBE 1.13.0a0 0.14.1a0\n");
        assertEquals("1.13.0a0", found.orElseThrow().torch());
        assertEquals("0.14.1a0", found.orElseThrow().torchvision());
        assertTrue(PythonPeer.parseProbe("python3", "ModuleNotFoundError: No module named 'torch'").isEmpty());
    }

    @Test
    void unusableCandidatesAreReportedWithReasons() throws Exception {
        Path missing = tmp.resolve("no-such-python");
        List<PythonPeer.Probe> tried = new ArrayList<>();
        assertTrue(PythonPeer.find(List.of(missing.toString()), tried).isEmpty());
        assertEquals(1, tried.size());
        assertTrue(tried.get(0).problem().startsWith("cannot start"), tried.get(0).problem());
    }

    @Test
    void theBundledScriptIsExtracted() throws Exception {
        Path script = PythonPeer.extractScript(tmp);
        String text = Files.readString(script);
        assertTrue(text.contains("GRAFT_PEER_RESULT"), "the script prints the line Graft reads");
        assertTrue(text.contains("def main("));
    }
}
