package dev.graft.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.cli.GraftCli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * `graft bench` subcommands, each with its own options: --no-scratch skips the 24-minute from-scratch
 * run; --test takes several folders; options of another bench are refused.
 */
class BenchOptionsTest {

    private static TransferBenchCommand parse(String... args) {
        TransferBenchCommand bench = new TransferBenchCommand();
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        new CommandLine(bench).parseArgs(rest);
        return bench;
    }

    @Test
    void noScratchSkipsTheScratchRunAndTestsAreAList() {
        assertTrue(parse("transfer").scratch);
        assertFalse(parse("transfer", "--no-scratch").scratch);
        assertEquals(List.of(Path.of("a"), Path.of("b")), parse("transfer", "--test", "a,b").tests);
        assertEquals(List.of(Path.of("datasets-sample/emoji-unseen")), parse("transfer").tests);
    }

    @Test
    void anUnknownBenchOrPresetOrANumberOutOfRangeIsRefused() {
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        int unknownBench;
        int unknownPreset;
        try {
            unknownBench = GraftCli.newCommandLine().execute("bench", "nonsense");
            unknownPreset = GraftCli.newCommandLine().execute("bench", "transfer", "--presets", "head only,bogus");
            assertEquals(2, GraftCli.newCommandLine().execute("bench", "throughput", "--batch-size", "0"));
            assertEquals(2, GraftCli.newCommandLine().execute("bench", "transfer", "--preset-epochs", "0"));
            assertEquals(2, GraftCli.newCommandLine().execute("bench", "throughput", "--presets", "full"),
                    "each bench takes only its own options");
        } finally {
            System.setErr(old);
        }
        assertEquals(2, unknownBench);
        assertEquals(2, unknownPreset);
        String text = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("'nonsense'"), text);
        assertTrue(text.contains("no preset 'bogus'"), text);
        assertTrue(text.contains("--batch-size must be between 1 and 4096: 0"), text);
        assertTrue(text.contains("--preset-epochs must be at least 1"), text);
    }
}
