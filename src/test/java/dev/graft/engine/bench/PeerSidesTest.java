package dev.graft.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import dev.graft.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both sides of the peer bench on a tiny batch (32 px): the Graft side trains what each mode
 * says, and -- where a Python with torch and torchvision exists -- the bundled script loads the
 * same weights and batch, trains the same number of tensors and parameters, and prints a line
 * Graft parses. No timing is asserted.
 */
class PeerSidesTest {

    @TempDir
    Path tmp;

    @Test
    void bothSidesTrainTheSameTensors() throws Exception {
        Path inputs = tmp.resolve("inputs");
        PeerInputs.write(TestData.EMOJI, 2, 32, inputs);
        Map<PeerMode, JsonObject> graft = new EnumMap<>(PeerMode.class);
        for (PeerMode mode : PeerMode.values()) {
            JsonObject r = GraftPeerWorker.run(inputs, mode, 1, 0, null);
            PeerResult parsed = PeerResult.parse(r.toString());
            assertEquals("graft", parsed.side());
            assertEquals(1, parsed.stepSeconds().size());
            assertTrue(parsed.imagesPerSecond() > 0);
            graft.put(mode, r);
        }
        assertEquals(158, graft.get(PeerMode.FULL).get("trainableTensors").getAsInt());
        assertEquals(68, graft.get(PeerMode.PARTIAL).get("trainableTensors").getAsInt(),
                "blocks 10-16 (9 tensors each), the top convolution and BatchNorm, the head");
        assertEquals(2, graft.get(PeerMode.HEAD).get("trainableTensors").getAsInt());

        Optional<PythonPeer.Interpreter> python = PythonPeer.find(PythonPeer.candidates(null), new ArrayList<>());
        assumeTrue(python.isPresent(), "no Python with torch and torchvision here: the Python side is not checked");
        Path script = PythonPeer.extractScript(tmp);
        for (PeerMode mode : PeerMode.values()) {
            List<String> cmd = PythonPeer.command(python.get(), script, inputs, mode, 1, 0, 1);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            PeerResult r = PeerResult.find(out).orElseThrow(() -> new AssertionError(out));
            assertEquals("python", r.side());
            assertEquals(mode.id(), r.mode());
            assertEquals("graft", r.raw().get("inputs").getAsString(), "the script used the shared batch and weights");
            assertEquals(graft.get(mode).get("trainableTensors").getAsLong(), r.raw().get("trainableTensors").getAsLong(),
                    mode + ": same tensors train");
            assertEquals(graft.get(mode).get("trainableParameters").getAsLong(),
                    r.raw().get("trainableParameters").getAsLong(), mode + ": same parameters train");
            assertEquals("1", r.settings().get("threads"));
        }
    }
}
