package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.testing.FolderSnapshot;
import dev.graft.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft check} as a script uses it: exit codes, the JSON's stable shape, the text. */
class CheckCommandTest {

    @TempDir
    Path tmp;

    private String run(int expectedExit, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(expectedExit, GraftCli.newCommandLine().execute(args), "exit code");
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonHasTheStableShapeAndListsTheFiles() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 12, "animal", "food");
        Path original = Files.list(data.resolve("animal")).sorted().findFirst().orElseThrow();
        Files.copy(original, data.resolve("food/again.png"));
        Files.writeString(data.resolve("food/notes.txt"), "hello");
        Map<String, String> before = FolderSnapshot.of(data);

        JsonObject r = JsonParser.parseString(run(1, "check", "--data", data.toString(), "--json")).getAsJsonObject();
        for (String key : List.of("duplicates", "nearDuplicates", "crossSplit", "classes", "skipped")) {
            assertTrue(r.has(key) && r.get(key).isJsonArray(), key);
        }
        JsonObject dup = r.getAsJsonArray("duplicates").get(0).getAsJsonObject();
        assertEquals(2, dup.getAsJsonArray("files").size());
        JsonObject file = dup.getAsJsonArray("files").get(0).getAsJsonObject();
        assertTrue(file.has("file") && file.has("class") && file.has("split"), file.toString());
        assertTrue(dup.get("acrossClasses").getAsBoolean());
        assertEquals("food/notes.txt", r.getAsJsonArray("skipped").get(0).getAsJsonObject().get("file").getAsString());
        assertEquals(0.2, r.getAsJsonObject("split").get("valFraction").getAsDouble(), 1e-6);
        assertEquals(42, r.getAsJsonObject("split").get("seed").getAsLong());
        assertEquals(2, r.getAsJsonArray("classes").size());
        assertEquals(before, FolderSnapshot.of(data), "check only reads");
    }

    @Test
    void aCleanDatasetExitsZeroAndTheTextNamesEachFinding() throws Exception {
        Path clean = TestData.emojiSubset(tmp.resolve("clean"), 12, "animal", "food");
        String ok = run(0, "check", "--data", clean.toString());
        assertTrue(ok.contains("Nothing found."), ok);
        assertTrue(ok.contains("24 images in 2 classes"), ok);

        Files.copy(Files.list(clean.resolve("animal")).sorted().findFirst().orElseThrow(),
                clean.resolve("food/dup.png"));
        String found = run(1, "check", "--data", clean.toString(), "--image-size", "512");
        assertTrue(found.contains("Exact duplicates (same bytes): 1"), found);
        assertTrue(found.contains("food/dup.png"), found);
        assertTrue(found.contains("Images much smaller than the 512 px input"), found);
    }

    @Test
    void aFolderThatIsNotADatasetExitsTwo() {
        run(2, "check", "--data", tmp.resolve("missing").toString());
        run(2, "check", "--data", tmp.toString(), "--val-fraction", "1.5");
    }
}
