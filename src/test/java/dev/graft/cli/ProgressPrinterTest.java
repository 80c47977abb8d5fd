package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.RunEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Piped into a log, `graft train` shows a long feature pass and a long epoch moving: a plain progress
 * line when a pass starts moving, then at most one every 30 s, with the time left; on a terminal one
 * line updates in place.
 */
class ProgressPrinterTest {

    @Test
    void pipedOutputPrintsAPlainProgressLineEveryThirtySeconds() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false,
                () -> now[0]);
        String what = "features of 30000 training images + 1000 validation images, computed once";
        for (int done = 0; done <= 31_000; done += 100) {
            now[0] = done * 100_000_000L; // 10 images a second
            p.caching(new RunEvent.Caching(done, 31_000, what, 10.0, (31_000 - done) / 10.0));
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith(what + ": 100/31,000 (0 %) · 10.0 img/s · ETA"),
                lines.get(0));
        assertTrue(lines.get(lines.size() - 1).contains("31,000/31,000 (100 %)"), "the pass's end is said");
        // 3,100 s of feature pass, an event every 10 s: a line every 30 s, not one per event (311)
        assertTrue(lines.size() >= 100 && lines.size() <= 110, lines.size() + " lines");
        assertTrue(lines.stream().noneMatch(l -> l.contains("\r")), "no carriage returns in a log");
    }

    @Test
    void aTerminalGetsOneUpdatingLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, () -> 0);
        p.caching(new RunEvent.Caching(10, 100, "features of 100 images, computed once", 5.0, 18.0));
        p.caching(new RunEvent.Caching(20, 100, "features of 100 images, computed once", 5.0, 16.0));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\n"), "one line, rewritten in place: " + text);
        assertTrue(text.startsWith("\rfeatures of 100 images, computed once: 10/100 (10 %)"), text);
    }

    @Test
    void aRecipeThatRanBeforeSaysHowLongTheWholeRunTakes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter p = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, () -> 0);
        p.expect(new dev.graft.core.run.RunSpeeds.Speed(5, 0.02, 0.004, 2_000), 30);
        p.runStarted(new RunEvent.RunStarted("/runs/r", "r", null, List.of("a", "b"), 9_000, 1_000, 0, "cpu", 10, 5,
                true, "The head trains."));
        p.caching(new RunEvent.Caching(100, 10_000, "features", 50.0, 198.0));
        String text = bytes.toString(StandardCharsets.UTF_8);
        // 5 + 0.02 × 10,000 + 0.004 × 30 × 9,000 = 1,285 s
        assertTrue(text.contains("  estimated time: about 21 min (measured on this machine"), text);
        // the pass's 198 s left + 1,080 s of epochs
        assertTrue(text.contains("ETA 3:18 · whole run about 21 min left"), text);
    }
}
