package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunFolder;
import dev.graft.testing.FolderSnapshot;
import dev.graft.testing.GraftProcess;
import dev.graft.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue "runs and model folders that can be trusted", items 1-3: {@code graft train} never deletes
 * or overwrites what a user put in {@code --out}, never shares a folder between two runs, and
 * never writes into the dataset. Every test runs the real {@code graft} command as a process.
 */
class RunFolderSafetyTest {

    @TempDir
    Path tmp;

    private GraftProcess graft(Path workDir, String... args) throws Exception {
        return GraftProcess.start(workDir, tmp.resolve("home"), tmp.resolve("logs"), args);
    }

    private Path data() throws Exception {
        return TestData.emojiSubset(tmp.resolve("data"), 4, "animal", "food");
    }

    @Test
    void outNeverTouchesAFolderHoldingTheUsersFiles() throws Exception {
        Path data = data();
        Path out = tmp.resolve("mine");
        Files.createDirectories(out.resolve("model"));
        Files.createDirectories(out.resolve("checkpoints/epoch-0001"));
        Files.writeString(out.resolve("model/weights.bin"), "precious");
        Files.writeString(out.resolve("checkpoints/epoch-0001/notes.txt"), "notes");
        Files.writeString(out.resolve("recipe.json"), "{\"mine\": true}");
        Files.writeString(out.resolve("events.jsonl"), "my log\n");
        Map<String, String> before = FolderSnapshot.of(out);

        GraftProcess p = graft(tmp, "train", "--data", data.toString(), "--out", out.toString(), "--image-size", "64",
                "--epochs", "1");

        assertEquals(2, p.waitFor(120), p.err());
        assertTrue(p.err().contains("is not empty and was not created by Graft"), p.err());
        assertEquals(before, FolderSnapshot.of(out), "not a byte of the user's folder changed");
    }

    @Test
    void anEarlierRunsFolderIsNeverReused() throws Exception {
        Path data = data();
        Path out = tmp.resolve("run");
        assertEquals(0, graft(tmp, "train", "--data", data.toString(), "--out", out.toString(), "--image-size", "64",
                "--epochs", "1").waitFor(180));
        Map<String, String> before = FolderSnapshot.of(out);

        GraftProcess again = graft(tmp, "train", "--data", data.toString(), "--out", out.toString(), "--image-size",
                "64", "--epochs", "1");

        assertEquals(2, again.waitFor(120), again.err());
        assertTrue(again.err().contains("holds an earlier run"), again.err());
        assertEquals(before, FolderSnapshot.of(out));
    }

    @Test
    void twoRunsStartedTogetherOnOneFolderNeverMix() throws Exception {
        Path data = data();
        Path out = tmp.resolve("shared");
        GraftProcess a = graft(tmp, "train", "--data", data.toString(), "--out", out.toString(), "--image-size", "64",
                "--epochs", "2", "--name", "run A");
        GraftProcess b = graft(tmp, "train", "--data", data.toString(), "--out", out.toString(), "--image-size", "64",
                "--epochs", "2", "--name", "run B");
        int codeA = a.waitFor(240);
        int codeB = b.waitFor(240);

        assertEquals(List.of(0, 2), List.of(Math.min(codeA, codeB), Math.max(codeA, codeB)),
                "one run trains, the other is refused: " + a.err() + " / " + b.err());
        GraftProcess loser = codeA == 2 ? a : b;
        String winner = codeA == 2 ? "run B" : "run A";
        assertTrue(loser.err().contains("is in use by the run '" + winner + "'")
                || loser.err().contains("is in use by another run") || loser.err().contains("holds an earlier run '"
                        + winner + "'"), loser.err());
        // the folder holds exactly one run: its owner, recipe and events agree
        assertEquals(winner, RunClaim.owner(out).orElseThrow().name());
        List<RunEvent.RunStarted> started = Files.readAllLines(new RunFolder(out).events()).stream()
                .map(RunEvent::parse).filter(e -> e instanceof RunEvent.RunStarted)
                .map(e -> (RunEvent.RunStarted) e).toList();
        assertEquals(1, started.size());
        assertEquals(winner, started.get(0).name());
    }

    @Test
    void aKilledRunLeavesNoLockBehind() throws Exception {
        Path data = data();
        Path out = tmp.resolve("run");
        GraftProcess p = graft(tmp, "train", "--data", data.toString(), "--out", out.toString(), "--image-size", "64",
                "--epochs", "500", "--freeze", "none", "--probe-epochs", "0");
        p.await(120, () -> Files.exists(out.resolve(RunFolder.EVENTS)) && RunClaim.owner(out).isPresent());
        assertTrue(RunClaim.isLive(out), "locked while the run is live");
        List<ProcessHandle> workers = p.handle().descendants().toList();

        p.handle().destroyForcibly();

        p.await(30, () -> !RunClaim.isLive(out));
        assertFalse(RunClaim.isLive(out), "the OS released the lock with the process");
        for (ProcessHandle w : workers) {
            w.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void graftNeverWritesIntoTheDataset() throws Exception {
        Path data = data();
        Map<String, String> before = FolderSnapshot.of(data);

        // the careless way: from inside the dataset, with the dataset as "."
        GraftProcess p = graft(data, "train", "--data", ".", "--image-size", "64", "--epochs", "1");
        assertEquals(0, p.waitFor(180), p.err());

        String first = p.out().lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("run " + tmp.resolve("home").resolve("runs").resolve("data-")), first);
        Path runDir = Path.of(first.substring(4));
        assertTrue(Files.isRegularFile(runDir.resolve("model/model-0000.params")));
        assertEquals(before, FolderSnapshot.of(data), "the dataset is unchanged");

        GraftProcess inside = graft(data, "train", "--data", ".", "--out", "runs/mine", "--image-size", "64",
                "--epochs", "1");
        assertEquals(2, inside.waitFor(120));
        assertTrue(inside.err().contains("is inside the dataset"), inside.err());
        assertEquals(before, FolderSnapshot.of(data), "still unchanged");
    }

    @Test
    void aRunFolderIsNeverMadeInsideAnotherRunsFolder() throws Exception {
        Path data = data();
        Path other = tmp.resolve("other-run");
        RunClaim.claim(other, "other").close(); // a run folder, as a finished run leaves it
        Files.createDirectories(other.resolve("checkpoints/epoch-0001"));
        Map<String, String> before = FolderSnapshot.of(other);

        // inside it, this new folder would be taken by the other run's checkpoint pruning for its own
        GraftProcess p = graft(tmp, "train", "--data", data.toString(), "--out",
                other.resolve("checkpoints/epoch-0099").toString(), "--image-size", "64", "--epochs", "1");

        assertEquals(2, p.waitFor(120), p.err());
        assertTrue(p.err().contains("is inside the run folder") && p.err().contains("('other')"), p.err());
        assertEquals(before, FolderSnapshot.of(other));
    }

    @Test
    void readingAFolderThatIsNotARunNeverRemovesFilesThatLookLikeGraftsTemporaries() throws Exception {
        Path data = data();
        Path mine = tmp.resolve("mine");
        Files.createDirectories(mine.resolve("checkpoints/.graft-tmp-mystuff"));
        Files.writeString(mine.resolve(".graft-tmp-notes.txt"), "mine");
        Files.writeString(mine.resolve("checkpoints/.graft-tmp-mystuff/data.txt"), "mine too");
        Map<String, String> before = FolderSnapshot.of(mine);

        GraftProcess p = graft(tmp, "eval", "--run", mine.toString(), "--data", data.toString());

        assertEquals(1, p.waitFor(120), p.err());
        assertTrue(p.err().contains("is not a Graft model or run folder"), p.err());
        assertEquals(before, FolderSnapshot.of(mine));
    }

    @Test
    void aDataFolderInsideTheDatasetIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path data = data();
        Map<String, String> before = FolderSnapshot.of(data);

        GraftProcess p = GraftProcess.start(tmp, data.resolve("animal/graft-home"), tmp.resolve("logs"), "train",
                "--data", data.toString(), "--image-size", "64", "--epochs", "1");

        assertEquals(2, p.waitFor(120), p.err());
        assertTrue(p.err().contains("is inside the dataset") && p.err().contains("GRAFT_DATA_HOME"), p.err());
        assertEquals(before, FolderSnapshot.of(data), "not even an empty run folder in the dataset");
    }

    @Test
    void aBenchNeverWritesIntoTheFoldersItReads() throws Exception {
        Path data = data();
        Map<String, String> before = FolderSnapshot.of(data);

        GraftProcess p = graft(tmp, "bench", "transfer", "--data", data.toString(), "--test", data.toString(),
                "--presets", "head only", "--preset-epochs", "1", "--seeds", "1", "--no-scratch", "--out",
                data.resolve("bench-out").toString());

        assertEquals(2, p.waitFor(120), p.err());
        assertTrue(p.err().contains("is inside the image folder"), p.err());
        assertEquals(before, FolderSnapshot.of(data));
    }
}
