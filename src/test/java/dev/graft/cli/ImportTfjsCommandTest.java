package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.model.ModelFiles;
import dev.graft.testing.FolderSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft import-tfjs --out} never replaces the weights of a model it did not write. */
class ImportTfjsCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aFineTunedModelFolderIsNotOverwritten() throws Exception {
        Path model = Files.createDirectories(tmp.resolve("my-model"));
        Files.writeString(model.resolve(ModelFiles.SPEC), "{\"classes\": [\"animal\", \"food\"]}");
        Files.writeString(model.resolve(ModelFiles.PARAMS), "fine-tuned weights");
        Files.writeString(model.resolve(ModelFiles.SYNSET), "animal\nfood\n");
        Map<String, String> before = FolderSnapshot.of(model);
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = GraftCli.newCommandLine().execute("import-tfjs", "--model-json",
                    tmp.resolve("model.json").toString(), "--out", model.toString());
        } finally {
            System.setErr(old);
        }
        assertEquals(2, code);
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("is not empty and not an earlier import-tfjs output"), text);
        assertEquals(before, FolderSnapshot.of(model));
    }
}
