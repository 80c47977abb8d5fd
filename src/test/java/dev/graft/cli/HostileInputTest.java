package dev.graft.cli;

import dev.graft.core.run.RunOutcome;

import dev.graft.core.run.RecipeField;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.data.DatasetException;
import dev.graft.core.run.RunFolder;
import dev.graft.core.run.RunRecord;
import dev.graft.core.run.RunRecords;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.DecodeProbe;
import dev.graft.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The smaller ways a careless or hostile user broke promises; each must get a clear answer. */
class HostileInputTest {

    @TempDir
    Path tmp;

    /** Runs graft in this JVM; returns exit code and standard error. */
    private static Object[] graft(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = GraftCli.newCommandLine();
            cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
            int code = cli.execute(args);
            return new Object[] {code, err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(old);
        }
    }

    private static void refused(String expected, String... args) {
        Object[] r = graft(args);
        assertEquals(2, r[0], String.join(" ", args) + ": " + r[1]);
        assertTrue(((String) r[1]).contains(expected), String.join(" ", args) + ": " + r[1]);
    }

    @Test
    void aChoiceThatCannotTrainIsRefusedBeforeARunFolderExists() throws Exception {
        Path data = dev.graft.testing.TestData.emojiSubset(tmp.resolve("data"), 3, "animal", "food");
        Path out = tmp.resolve("run");
        refused("Every layer would be frozen: nothing would train", "train", "--data", data.toString(), "--out",
                out.toString(), "--freeze", "stem,stage1,stage2,stage3,stage4,stage5,stage6,stage7,head");
        refused("--train-last 99 is more than the", "train", "--data", data.toString(), "--out", out.toString(),
                "--train-last", "99");
        refused("No layer of this model is named nosuchlayer", "train", "--data", data.toString(), "--out",
                out.toString(), "--freeze", "nosuchlayer");
        refused("no stage 'stage99'", "train", "--data", data.toString(), "--out", out.toString(), "--features",
                "stage99");
        assertFalse(java.nio.file.Files.exists(out), "no run folder, so no failed run in History");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // batch size 0 used to loop forever
    void outOfRangeNumbersAreRefusedWithTheOptionNamed() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 3, "animal", "food");
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.EPOCHS, 1).build(), tmp.resolve("run"));
        String run = tmp.resolve("run").toString();
        Path image = Files.list(data.resolve("food")).findFirst().orElseThrow();
        refused("--batch-size must be between 1 and 4096: 0", "eval", "--run", run, "--data", data.toString(),
                "--batch-size", "0");
        refused("--batch-size must be between 1 and 4096: -1", "eval", "--run", run, "--data", data.toString(),
                "--batch-size", "-1");
        refused("--mistakes must not be negative", "eval", "--run", run, "--data", data.toString(), "--mistakes",
                "-5");
        refused("--top must be at least 1", "predict", "--run", run, "--top", "-1", image.toString());
        refused("--weight-decay must be at least 0", "train", "--data", data.toString(), "--weight-decay", "-1");
        refused("--head-hidden sizes must be between 1 and", "train", "--data", data.toString(), "--head-hidden",
                "0");
        refused("--max-heap must be at least 32m, not '1k'", "train", "--data", data.toString(), "--max-heap", "1k");
        // every problem at once, not one per attempt
        Object[] r = graft("train", "--data", data.toString(), "--epochs", "0", "--lr", "-1", "--image-size", "5");
        assertTrue(((String) r[1]).contains("--epochs") && ((String) r[1]).contains("--lr")
                && ((String) r[1]).contains("--image-size"), (String) r[1]);
    }

    @Test
    void aClassNameWithALineBreakIsRefusedWithTheReason() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 2, "animal", "food");
        Files.move(data.resolve("food"), data.resolve("fo\nod"));
        DatasetException e = org.junit.jupiter.api.Assertions.assertThrows(DatasetException.class,
                () -> new DatasetScanner().scan(data));
        assertTrue(e.getMessage().contains("line break") && e.getMessage().contains("fo\\nod"), e.getMessage());
    }

    @Test
    void anUnreadableImageIsReportedAsUnreadable() throws Exception {
        // root reads anything, so the decoder runs as 'nobody' when the tests run as root (CI)
        Path shared = Files.createTempDirectory("graft-unreadable-");
        try {
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path image = Files.copy(Files.list(TestData.EMOJI.resolve("food")).findFirst().orElseThrow(),
                    shared.resolve("secret.png"));
            Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("---------"));
            String verdict = probe(shared, image);
            assertEquals("rejected: unreadable (permission denied)", verdict);
        } finally {
            try (var s = Files.walk(shared)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String probe(Path shared, Path image) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> cmd = new ArrayList<>();
        String cp = System.getProperty("java.class.path");
        if (root) {
            // nobody cannot read Maven's repository under /root: give it a copy of what decoding needs
            Path lib = Files.createDirectories(shared.resolve("cp"));
            List<String> entries = new ArrayList<>();
            for (String entry : cp.split(java.io.File.pathSeparator)) {
                Path p = Path.of(entry);
                boolean wanted = entry.contains("twelvemonkeys") || p.endsWith("classes") || p.endsWith("test-classes");
                if (wanted && Files.exists(p)) {
                    Path copy = lib.resolve(entries.size() + "-" + p.getFileName());
                    copyTree(p, copy);
                    entries.add(copy.toString());
                }
            }
            try (var s = Files.walk(lib)) {
                for (Path p : s.toList()) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p)
                            ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            cp = String.join(java.io.File.pathSeparator, entries);
            cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:off",
                "-Djava.awt.headless=true", "-cp", cp, DecodeProbe.class.getName(), image.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        return out.lines().reduce((a, b) -> b).orElse("");
    }

    private static void copyTree(Path from, Path to) throws Exception {
        if (Files.isRegularFile(from)) {
            Files.copy(from, to);
            return;
        }
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    @Test
    void oneBrokenRunFolderDoesNotHideTheOthers() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 3, "animal", "food");
        Path runs = Files.createDirectories(tmp.resolve("runs"));
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.EPOCHS, 1).build(), runs.resolve("good"));
        Path broken = Files.createDirectories(runs.resolve("broken"));
        Files.writeString(broken.resolve(RunFolder.RECIPE), "{ this is not json");

        List<RunRecord> list = RunRecords.list(runs, data);

        assertEquals(2, list.size());
        RunRecord bad = list.stream().filter(s -> s.dir().equals(broken)).findFirst().orElseThrow();
        assertEquals(RunOutcome.BROKEN, bad.status());
        assertTrue(bad.reason().startsWith("cannot be read"), bad.reason());
        RunRecord good = list.stream().filter(s -> !s.dir().equals(broken)).findFirst().orElseThrow();
        assertEquals(RunOutcome.COMPLETED, good.status());
    }

    @Test
    void runFoldersGetTheUsersNormalPermissionsAndLeftoversAreCleanedUp() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 3, "animal", "food");
        Path run = tmp.resolve("run");
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.EPOCHS, 1).build(), run);
        var normal = Files.getPosixFilePermissions(Files.createDirectory(tmp.resolve("plain")));
        RunFolder folder = new RunFolder(run);
        for (Path dir : List.of(run, folder.model(), folder.checkpoint(1, false))) {
            assertEquals(normal, Files.getPosixFilePermissions(dir), dir.toString());
        }
        var normalFile = Files.getPosixFilePermissions(Files.createFile(tmp.resolve("plain.txt")));
        assertEquals(normalFile, Files.getPosixFilePermissions(folder.model().resolve("model-0000.params")));

        // what a killed run leaves behind: Graft's own temporaries, next to a file of the user's
        Files.createDirectories(run.resolve(".graft-tmp-model-1a2b3c4d")).resolve("x");
        Files.writeString(run.resolve(".graft-tmp-recipe.json-5e6f7a8b"), "half");
        Files.createDirectories(folder.checkpoints().resolve(".graft-tmp-epoch-0002-0a0b0c0d"));
        Files.writeString(run.resolve("notes.tmp"), "the user's");

        ModelCatalogue.resolve(run.toString(), 224);

        try (var s = Files.list(run)) {
            assertFalse(s.anyMatch(p -> RunFolder.isTemporary(p.getFileName().toString())));
        }
        try (var s = Files.list(folder.checkpoints())) {
            assertFalse(s.anyMatch(p -> RunFolder.isTemporary(p.getFileName().toString())));
        }
        assertEquals("the user's", Files.readString(run.resolve("notes.tmp")));
    }
}
