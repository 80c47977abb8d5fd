package dev.graft.core.labelling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.FolderSnapshot;
import dev.graft.testing.Images;
import dev.graft.testing.LabellingChild;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real labelling process killed with SIGKILL between (and inside) the steps of an operation; the
 * next start finds the journal entry and completes the operation (or rolls it back when it cannot
 * be completed). Every photo ends up in exactly one place with exactly its bytes.
 */
class LabellingCrashTest {

    @TempDir
    Path tmp;

    private Path data;
    private Path desktop;
    private Path home;
    private Map<String, String> originals;

    @BeforeEach
    void folders() throws Exception {
        data = tmp.resolve("data");
        Images.png(data.resolve("cat/old.png"), 1, 24);
        Images.png(data.resolve("dog/old.png"), 2, 24);
        desktop = tmp.resolve("desktop");
        for (int i = 0; i < 4; i++) {
            Images.png(desktop.resolve("p" + i + ".png"), 50 + i, 96);
        }
        originals = FolderSnapshot.of(desktop);
        home = tmp.resolve("graft-home/labelling");
    }

    /** Starts the child, waits until it stops at the point, kills it with SIGKILL. */
    private void killAt(String point) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LabellingChild.class.getName(), home.toString(),
                data.toString(), point, "bird"));
        for (int i = 0; i < 4; i++) {
            cmd.add(desktop.resolve("p" + i + ".png").toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (InputStream out = p.getInputStream()) {
            CompletableFuture<String> paused = CompletableFuture.supplyAsync(() -> {
                StringBuilder seen = new StringBuilder();
                try {
                    for (String line; (line = readLine(out)) != null; ) {
                        seen.append(line).append('\n');
                        if (line.startsWith("PAUSED")) {
                            return line;
                        }
                    }
                } catch (Exception e) {
                    seen.append(e);
                }
                return "ended without pausing: " + seen;
            });
            String line = paused.get(120, TimeUnit.SECONDS);
            assertEquals("PAUSED " + point, line);
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, p.exitValue(), "killed by SIGKILL");
        }
    }

    private static String readLine(InputStream in) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.append((char) c);
        }
        return c < 0 && b.length() == 0 ? null : b.toString();
    }

    private List<Path> pending() throws Exception {
        Path dir = home.resolve("journal");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".json")).toList();
        }
    }

    private void assertNoTemporaries() throws Exception {
        for (Path root : List.of(data, desktop)) {
            try (Stream<Path> s = Files.walk(root)) {
                assertEquals(List.of(), s.filter(f -> f.getFileName().toString().startsWith(".graft-tmp")).toList());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"journalled", "step:2", "midcopy:3", "step:4"})
    void aKilledOperationIsCompletedAtTheNextStart(String point) throws Exception {
        killAt(point);
        assertEquals(1, pending().size(), "the journal names the interrupted operation");

        List<Recovery.Recovered> found = Recovery.run(new Journal(home), FileOps.SYSTEM);
        assertEquals(1, found.size());
        Recovery.Recovered r = found.get(0);
        assertEquals(Recovery.Outcome.COMPLETED, r.outcome(), r.message());
        assertTrue(r.message().contains("has now been completed"), r.message());
        Map<String, String> now = FolderSnapshot.of(data);
        for (int i = 0; i < 4; i++) {
            assertEquals(originals.get("p" + i + ".png"), now.get("bird/p" + i + ".png"), "p" + i + " moved intact");
            assertFalse(Files.exists(desktop.resolve("p" + i + ".png")), "and only once");
        }
        assertNoTemporaries();
        assertEquals(List.of(), pending());

        // the completed operation can be undone like any other
        Labeller l = new Labeller(data, new Journal(home), FileOps.SYSTEM, null);
        l.adopt(r.operation());
        l.undo();
        assertEquals(originals, FolderSnapshot.of(desktop));
    }

    @Test
    void anOperationThatCannotBeCompletedIsRolledBack() throws Exception {
        killAt("step:2");
        // meanwhile the user deleted the last photo: the move cannot be completed
        Files.delete(desktop.resolve("p3.png"));
        List<Recovery.Recovered> found = Recovery.run(new Journal(home), FileOps.SYSTEM);
        Recovery.Recovered r = found.get(0);
        assertEquals(Recovery.Outcome.ROLLED_BACK, r.outcome(), r.message());
        assertNotNull(r.problem());
        assertTrue(r.message().contains("rolled back"), r.message());
        Map<String, String> now = FolderSnapshot.of(desktop);
        for (int i = 0; i < 3; i++) {
            assertEquals(originals.get("p" + i + ".png"), now.get("p" + i + ".png"), "p" + i + " is back");
        }
        assertFalse(Files.exists(data.resolve("bird")), "the new class is gone again");
        assertNoTemporaries();
        assertEquals(List.of(), pending());
    }

    @Test
    void anOperationOfALiveProcessIsLeftAlone() throws Exception {
        Journal journal = new Journal(home);
        Operation op = new Operation("live-op", data, "test", "now", List.of(Step.mkdir(data.resolve("z"))), List.of());
        try (Journal.Entry entry = journal.begin(op)) {
            assertEquals(List.of(), Recovery.run(journal, FileOps.SYSTEM), "a running operation is not recovered");
            journal.finish(entry, "done");
        }
        assertEquals(StandardCharsets.UTF_8, StandardCharsets.UTF_8);
    }
}
