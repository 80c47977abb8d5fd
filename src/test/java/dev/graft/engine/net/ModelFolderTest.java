package dev.graft.engine.net;

import dev.graft.core.run.RecipeField;

import dev.graft.core.model.ModelFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.util.Json;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.export.ModelExporter;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.FolderSnapshot;
import dev.graft.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model folder is untrusted input: its paths stay inside it, and anything corrupt is refused
 * with the file named and what is wrong, never loaded quietly.
 */
class ModelFolderTest {

    @TempDir
    static Path shared;

    private static Path mobilenetModel;
    private static Path torchscriptModel;

    @TempDir
    Path tmp;

    @BeforeAll
    static void trainTwoModels() throws Exception {
        Path data = TestData.emojiSubset(shared.resolve("data"), 3, "animal", "food");
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.EPOCHS, 1).build(), shared.resolve("mobilenet"));
        mobilenetModel = shared.resolve("mobilenet/model");
        Path pt = TestData.tinyTorchScript(Files.createDirectories(shared.resolve("pt")));
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.MODEL, pt.toString()).set(RecipeField.EPOCHS, 1).build(), shared.resolve("ts"));
        torchscriptModel = shared.resolve("ts/model");
    }

    private Path copy(Path model) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("copy-" + System.nanoTime()));
        try (var files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    private static void editSpec(Path dir, String key, com.google.gson.JsonElement value) throws Exception {
        JsonObject spec = JsonParser.parseString(Files.readString(dir.resolve(ModelFiles.SPEC))).getAsJsonObject();
        spec.add(key, value);
        Files.writeString(dir.resolve(ModelFiles.SPEC), Json.PRETTY.toJson(spec));
    }

    private static String loadError(Path dir) {
        Exception e = assertThrows(Exception.class, () -> NetLoader.load(dir, Device.cpu()).close());
        return e.getMessage();
    }

    @Test
    void theExportedFoldersLoadAndCarryChecksums() throws Exception {
        for (Path model : List.of(mobilenetModel, torchscriptModel)) {
            assertTrue(Files.readString(model.resolve(ModelExporter.CHECKSUMS)).contains(ModelFiles.PARAMS));
            NetLoader.load(model, Device.cpu()).close();
        }
        assertTrue(Files.readString(torchscriptModel.resolve(ModelExporter.CHECKSUMS)).contains("tiny_cnn.pt"));
    }

    @Test
    void aBackboneFileOutsideTheFolderIsRefusedAndNothingOutsideIsReadOrWritten() throws Exception {
        Path victimDir = Files.createDirectories(tmp.resolve("victim"));
        Path victim = Files.copy(torchscriptModel.resolve("tiny_cnn.pt"), victimDir.resolve("x.pt"));
        Map<String, String> before = FolderSnapshot.of(victimDir);
        for (String name : List.of("../victim/x.pt", victim.toString(), "sub/../x.pt")) {
            Path dir = copy(torchscriptModel);
            editSpec(dir, "backboneFile", new com.google.gson.JsonPrimitive(name));
            String message = loadError(dir);
            assertTrue(message.contains("not a plain file name"), message);
            // training from it fails before anything is written (the old exporter copied the file
            // named here next to the run folder, overwriting what was there)
            assertThrows(Exception.class, () -> TrainingRuns.train(TrainingRuns.quick(TestData.emojiSubset(
                    tmp.resolve("d" + System.nanoTime()), 2, "animal", "food")).set(RecipeField.MODEL, dir.toString()).set(RecipeField.EPOCHS, 1).build(),
                    tmp.resolve("run" + System.nanoTime())));
        }
        Path linked = copy(torchscriptModel);
        Files.delete(linked.resolve("tiny_cnn.pt"));
        Files.createSymbolicLink(linked.resolve("tiny_cnn.pt"), victim);
        String message = loadError(linked);
        assertTrue(message.contains("outside the folder"), message);
        assertEquals(before, FolderSnapshot.of(victimDir));
    }

    @Test
    void flippedBytesAreCaughtByTheChecksum() throws Exception {
        Path dir = copy(mobilenetModel);
        byte[] params = Files.readAllBytes(dir.resolve(ModelFiles.PARAMS));
        params[params.length - 10] ^= 0x5A;
        Files.write(dir.resolve(ModelFiles.PARAMS), params);
        String message = loadError(dir);
        assertTrue(message.contains(ModelFiles.PARAMS) && message.contains("does not match its checksum"), message);
    }

    @Test
    void withoutChecksumsNonFiniteTensorsAreStillRefused() throws Exception {
        Path dir = copy(mobilenetModel);
        Files.delete(dir.resolve(ModelExporter.CHECKSUMS)); // as in folders written by older versions
        byte[] params = Files.readAllBytes(dir.resolve(ModelFiles.PARAMS));
        // the file ends with the head's last tensor: all-ones bits are NaN in either byte order
        Arrays.fill(params, params.length - 4, params.length, (byte) 0xFF);
        Files.write(dir.resolve(ModelFiles.PARAMS), params);
        String message = loadError(dir);
        assertTrue(message.contains("NaN or infinite") && message.contains(ModelFiles.PARAMS), message);
    }

    @Test
    void aTruncatedParameterFileIsNamedAsTruncated() throws Exception {
        Path dir = copy(mobilenetModel);
        Files.delete(dir.resolve(ModelExporter.CHECKSUMS));
        byte[] params = Files.readAllBytes(dir.resolve(ModelFiles.PARAMS));
        Files.write(dir.resolve(ModelFiles.PARAMS), Arrays.copyOf(params, params.length / 2));
        String message = loadError(dir);
        assertTrue(message.contains("is truncated") && message.contains(ModelFiles.PARAMS), message);
    }

    @Test
    void aDamagedHeaderIsNamed() throws Exception {
        Path dir = copy(mobilenetModel);
        Files.delete(dir.resolve(ModelExporter.CHECKSUMS));
        byte[] params = Files.readAllBytes(dir.resolve(ModelFiles.PARAMS));
        for (int i = 4; i < 40; i++) {
            params[i] = (byte) 0x9F;
        }
        Files.write(dir.resolve(ModelFiles.PARAMS), params);
        String message = loadError(dir);
        assertTrue(message.contains(ModelFiles.PARAMS), message);
        assertTrue(message.length() > 40, "a sentence, not a number: " + message);
    }

    @Test
    void anInvalidArchitectureIsRefusedBeforeAnythingIsBuilt() throws Exception {
        Map<String, com.google.gson.JsonElement> bad = Map.of(
                "classes", JsonParser.parseString("[\"animal\", \"animal\"]"),
                "imageSize", new com.google.gson.JsonPrimitive(5000),
                "architecture", new com.google.gson.JsonPrimitive("java.lang.Runtime"));
        for (var e : bad.entrySet()) {
            Path dir = copy(mobilenetModel);
            editSpec(dir, e.getKey(), e.getValue());
            String message = loadError(dir);
            assertTrue(message.contains(ModelFiles.SPEC), e.getKey() + ": " + message);
        }
        Path empty = copy(mobilenetModel);
        editSpec(empty, "classes", JsonParser.parseString("[\"animal\", \" \"]"));
        assertTrue(loadError(empty).contains("empty class name"));
        Path edited = copy(mobilenetModel);
        Files.writeString(edited.resolve(ModelFiles.SYNSET), "food\nanimal\n");
        assertTrue(loadError(edited).contains("synset.txt"));
    }

    @Test
    void aBareBackboneIsNotAModelWithAHead() throws Exception {
        Path pt = TestData.tinyTorchScript(tmp);
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> ModelCatalogue.resolveTrained(pt.toString()));
        assertTrue(e.getMessage().contains("needs a run folder or a Graft model folder"), e.getMessage());
        e = assertThrows(java.io.IOException.class, () -> ModelCatalogue.resolveTrained("mobilenet_v2"));
        assertTrue(e.getMessage().contains("pretrained backbone"), e.getMessage());
        assertTrue(ModelCatalogue.resolveTrained(mobilenetModel.getParent().toString()).spec().classes()
                .contains("animal"));
    }

    @Test
    void aRunWithoutItsModelStandsInOnlyWithACheckpointOfAWholeEpoch() throws Exception {
        Path run = Files.createDirectories(tmp.resolve("unfinished"));
        Path checkpoints = Files.createDirectories(run.resolve("checkpoints"));
        Files.move(copy(mobilenetModel), checkpoints.resolve("epoch-0001-partial"));
        java.io.IOException e = assertThrows(java.io.IOException.class,
                () -> ModelCatalogue.resolveTrained(run.toString()));
        assertTrue(e.getMessage().contains("has no model: the run ended before its first epoch finished")
                && e.getMessage().contains("epoch-0001-partial"), e.getMessage());
        // passed itself, the partial checkpoint is used: the user asked for exactly that
        assertEquals(checkpoints.resolve("epoch-0001-partial"),
                ModelCatalogue.resolveTrained(checkpoints.resolve("epoch-0001-partial").toString()).dir());
        Files.move(copy(mobilenetModel), checkpoints.resolve("epoch-0000-warm-up"));
        assertEquals(checkpoints.resolve("epoch-0000-warm-up"), ModelCatalogue.resolveTrained(run.toString()).dir(),
                "a validated checkpoint before a newer partial one");
    }

    @Test
    void specChecksAgreeWithTheExporter() throws Exception {
        ArchitectureSpec spec = NetLoader.readSpec(mobilenetModel.resolve(ModelFiles.SPEC));
        assertThrows(MalformedModelException.class, () -> ModelFolder.check(spec.withHead(List.of(), List.of(), 0f,
                224), Path.of("x")));
        ModelFolder.check(spec, Path.of("x"));
    }
}
