package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.core.model.ModelFiles;
import dev.graft.core.run.RunClaim;
import dev.graft.engine.net.ModelFolder;
import dev.graft.testing.FolderSnapshot;
import dev.graft.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft export} as a user types it: what it writes, and what it refuses without writing anything. */
class ExportCommandTest {

    private static final Path BUNDLED = Path.of("src/main/resources/dev/graft/models/mobilenet_v2");

    @TempDir
    Path tmp;

    private record Outcome(String out, String err) {}

    private Outcome run(int expectedExit, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = GraftCli.newCommandLine().execute(args);
            assertEquals(expectedExit, code, "exit code of graft " + String.join(" ", args) + "; stderr: "
                    + err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Outcome(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path modelFolder() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bundled"));
        try (Stream<Path> s = Files.list(BUNDLED)) {
            for (Path f : s.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    private List<String> namesIn(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void exportsOnnxAndSaysWhatItWroteAsJson() throws Exception {
        Path model = modelFolder();
        Path out = tmp.resolve("exports/onnx");
        JsonObject r = JsonParser.parseString(run(0, "export", "--run", model.toString(), "--format", "onnx",
                "--out", out.toString(), "--json").out()).getAsJsonObject();
        assertEquals("onnx", r.get("format").getAsString());
        assertEquals(out.toAbsolutePath().toString(), r.get("folder").getAsString());
        assertTrue(r.get("modelBytes").getAsLong() > 9_000_000, "the whole MobileNetV2 in float32");
        assertEquals(List.of("README.md", "labels.txt", "model.onnx"), namesIn(out));
        assertEquals(List.of("bundled", "exports"), namesIn(tmp), "no temporary folder left beside it");
    }

    @Test
    void anEmptyFolderIsFilledAndTheDjlFolderIsAValidModel() throws Exception {
        Path model = modelFolder();
        Path out = Files.createDirectories(tmp.resolve("empty"));
        String printed = run(0, "export", "--run", model.toString(), "--format", "djl", "--out", out.toString()).out();
        assertTrue(printed.contains("DJL model folder"), printed);
        assertTrue(Files.isRegularFile(out.resolve(ModelFiles.PARAMS)));
        assertTrue(Files.isRegularFile(out.resolve(ModelFiles.SERVING)), "DJL's Criteria reads it");
        assertTrue(Files.readString(out.resolve("README.md")).contains("DeferredTranslatorFactory"));
        ModelFolder.checkSynset(out, dev.graft.engine.net.NetLoader.readSpec(out.resolve(ModelFiles.SPEC)));
    }

    @Test
    void aFolderHoldingFilesIsRefusedAndLeftAsItWas() throws Exception {
        Path model = modelFolder();
        Path out = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(out.resolve("notes.txt"), "my notes");
        java.util.Map<String, String> before = FolderSnapshot.of(out);
        Outcome o = run(2, "export", "--run", model.toString(), "--format", "onnx", "--out", out.toString());
        assertTrue(o.err().startsWith("graft: ") && o.err().contains("is not empty"), o.err());
        assertEquals(before, FolderSnapshot.of(out));
        assertEquals(List.of("bundled", "mine"), namesIn(tmp));
    }

    @Test
    void anUnknownFormatNamesTheFormatsThereAre() throws Exception {
        Path model = modelFolder();
        Outcome o = run(2, "export", "--run", model.toString(), "--format", "tflite", "--out",
                tmp.resolve("x").toString());
        assertTrue(o.err().contains("unknown --format 'tflite'") && o.err().contains("onnx|web|djl"), o.err());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void aRunWithoutAModelSaysSo() throws Exception {
        Path runDir = tmp.resolve("run");
        RunClaim.claim(runDir, "stopped early").close();
        Outcome o = run(2, "export", "--run", runDir.toString(), "--format", "onnx", "--out",
                tmp.resolve("x").toString());
        assertTrue(o.err().startsWith("graft: ") && o.err().contains("no model/"), o.err());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void aTorchScriptBackboneIsRefusedWithWhyAndWhatToDoInstead() throws Exception {
        Path model = Files.createDirectories(tmp.resolve("ts"));
        TestData.tinyTorchScript(model);
        Files.writeString(model.resolve(ModelFiles.SPEC), """
                {"architecture": "torchscript", "imageSize": 64, "classes": ["a", "b"], "headHidden": [],
                 "dropout": 0.0, "normalization": "unit", "backboneFile": "tiny_cnn.pt", "featureSize": 8,
                 "baseModel": "tiny_cnn.pt"}
                """);
        for (String format : List.of("onnx", "web")) {
            Outcome o = run(2, "export", "--run", model.toString(), "--format", format, "--out",
                    tmp.resolve("x").toString());
            assertTrue(o.err().contains("TorchScript") && o.err().contains("original PyTorch source")
                    && o.err().contains("--format djl"), o.err());
            assertFalse(Files.exists(tmp.resolve("x")));
        }
    }

    @Test
    void serveRefusesWhatIsNotAFolder() throws Exception {
        Outcome o = run(2, "serve", tmp.resolve("missing").toString());
        assertTrue(o.err().startsWith("graft: ") && o.err().contains("is not a folder"), o.err());
        Path folder = Files.createDirectories(tmp.resolve("site"));
        assertTrue(run(2, "serve", "--port", "70000", folder.toString()).err().contains("--port"));
    }
}
