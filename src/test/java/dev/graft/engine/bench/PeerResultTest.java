package dev.graft.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The result lines both sides of {@code graft bench peer} print, as each side really prints them. */
class PeerResultTest {

    /** A line as Python's json.dumps writes it (spaces after separators). */
    private static final String PYTHON = "GRAFT_PEER_RESULT {\"side\": \"python\", \"mode\": \"full\", \"imagesPerSecond\":"
            + " 15.5, \"stepSeconds\": [2.0, 2.1], \"batchSize\": 32, \"torch\": \"1.13.0a0\", \"threads\": 2,"
            + " \"mkldnn\": true, \"env\": {\"OMP_NUM_THREADS\": \"2\"}}";

    @Test
    void findsTheLastResultLineAmongLogLines() {
        String out = "step 1: 2.0s loss 1.6\nGRAFT_PEER_RESULT {\"side\": \"python\", \"mode\": \"head\","
                + " \"imagesPerSecond\": 1, \"stepSeconds\": [1]}\nsome warning\n" + PYTHON + "\n";
        PeerResult r = PeerResult.find(out).orElseThrow();
        assertEquals("python", r.side());
        assertEquals("full", r.mode());
        assertEquals(15.5, r.imagesPerSecond());
        assertEquals(List.of(2.0, 2.1), r.stepSeconds());
        assertEquals("1.13.0a0", r.settings().get("torch"));
        assertEquals("2", r.settings().get("threads"));
        assertEquals("true", r.settings().get("mkldnn"));
        assertEquals("2", r.settings().get("OMP_NUM_THREADS"), "environment variables are settings too");
        assertTrue(r.describeSettings().startsWith("torch=1.13.0a0, "), r.describeSettings());
    }

    @Test
    void readsGsonsCompactLine() {
        PeerResult r = PeerResult.find("GRAFT_PEER_RESULT {\"side\":\"graft\",\"mode\":\"partial\",\"imagesPerSecond\":"
                + "20.25,\"stepSeconds\":[1.5],\"libtorch\":\"2.7.1\",\"env\":{}}").orElseThrow();
        assertEquals("graft", r.side());
        assertEquals(20.25, r.imagesPerSecond());
        assertEquals("2.7.1", r.settings().get("libtorch"));
    }

    @Test
    void noLineIsEmptyAndABrokenLineIsAnError() {
        assertTrue(PeerResult.find("Traceback (most recent call last):\nImportError: torch").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> PeerResult.find("GRAFT_PEER_RESULT {\"side\": \"python\"}"));
        assertThrows(IllegalArgumentException.class, () -> PeerResult.find("GRAFT_PEER_RESULT not json"));
    }

    @Test
    void ratioIsGraftOverPython() {
        PeerResult py = PeerResult.find(PYTHON).orElseThrow();
        PeerResult graft = PeerResult.parse("{\"side\":\"graft\",\"mode\":\"full\",\"imagesPerSecond\":31,"
                + "\"stepSeconds\":[1]}");
        assertEquals(2.0, new PeerBench.Pair(1, PeerMode.FULL, py, graft).ratio());
        assertEquals(1.5, PeerBench.median(List.of(2.0, 1.0, 1.5)));
        assertEquals(1.25, PeerBench.median(List.of(1.0, 1.5)));
    }
}
