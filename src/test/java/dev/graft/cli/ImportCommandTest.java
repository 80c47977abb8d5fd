package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.core.model.ModelFiles;
import dev.graft.engine.net.keras.KerasTestFixtures;
import dev.graft.testing.FolderSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graft import}: a Teachable Machine export becomes a model folder (and again over its own
 * earlier import), a Keras 3 .keras file imports, a folder holding anything else is never touched, and
 * a layer Graft cannot run or a damaged .h5 is refused with a plain message.
 */
class ImportCommandTest {

    @TempDir
    Path tmp;

    private String[] run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = GraftCli.newCommandLine().execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void aTeachableMachineExportImportsAndAnEarlierImportIsReplaced() throws Exception {
        Path export = KerasTestFixtures.teachableMachine("v2-0.35", Files.createDirectory(tmp.resolve("tm")));
        Path model = tmp.resolve("model");
        String[] r = run("import", export.toString(), "--out", model.toString(), "--json");
        assertEquals("0", r[0], r[2]);
        JsonObject o = JsonParser.parseString(r[1]).getAsJsonObject();
        assertEquals("teachable-machine", o.get("source").getAsString());
        assertEquals("tm", o.get("normalization").getAsString());
        assertTrue(o.get("classifierKept").getAsBoolean());
        assertTrue(Files.isRegularFile(model.resolve(ModelFiles.KERAS)));
        r = run("import", export.toString(), "--out", model.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("its classifier is kept: classes animal, food, vehicle"), r[1]);
    }

    @Test
    void aFolderHoldingOtherFilesIsNeverTouched() throws Exception {
        Path export = KerasTestFixtures.teachableMachine("v1-0.25", Files.createDirectory(tmp.resolve("tm")));
        Path model = Files.createDirectories(tmp.resolve("my-model"));
        Files.writeString(model.resolve(ModelFiles.SPEC), "{\"classes\": [\"animal\", \"food\"]}");
        Files.writeString(model.resolve(ModelFiles.PARAMS), "fine-tuned weights");
        Files.writeString(model.resolve("notes.txt"), "mine");
        Map<String, String> before = FolderSnapshot.of(model);
        String[] r = run("import", export.toString(), "--out", model.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("is not empty and not an earlier import"), r[2]);
        assertEquals(before, FolderSnapshot.of(model));
    }

    @Test
    void anUnsupportedLayerIsRefusedByNameAndClass() throws Exception {
        Path export = KerasTestFixtures.teachableMachine("v1-0.25", Files.createDirectory(tmp.resolve("tm")));
        Path json = export.resolve("model.json");
        Files.writeString(json, Files.readString(json).replace("\"class_name\":\"Flatten\"",
                "\"class_name\":\"LSTM\""));
        Path model = tmp.resolve("model");
        String[] r = run("import", export.toString(), "--out", model.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("layer 'flatten_Flatten1' (LSTM) is not supported"), r[2]);
        assertTrue(!Files.exists(model));
    }

    @Test
    void kerasFilesImportAndDamagedOnesAreRefused() throws Exception {
        Path file = tmp.resolve("model.keras");
        try (var in = getClass().getResourceAsStream("/dev/graft/keras/functional/keras-files/keras3.keras")) {
            Files.copy(in, file);
        }
        Path model = tmp.resolve("model");
        String[] r = run("import", file.toString(), "--out", model.toString(), "--labels", "a,b,c,d,e", "--json");
        assertEquals("0", r[0], r[2]);
        JsonObject o = JsonParser.parseString(r[1]).getAsJsonObject();
        assertEquals("keras", o.get("source").getAsString());
        assertEquals("pixels", o.get("normalization").getAsString());

        Path damaged = tmp.resolve("damaged.h5");
        Files.write(damaged, new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0, 0});
        Path out = tmp.resolve("from-damaged");
        r = run("import", damaged.toString(), "--out", out.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("damaged.h5 is not a readable HDF5 file: it is truncated or damaged"), r[2]);
        assertTrue(!Files.exists(out));
    }
}
