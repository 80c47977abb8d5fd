package dev.graft.engine.export.tfjs;

import dev.graft.core.run.RecipeField;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.run.Recipe;
import dev.graft.engine.image.ImagePreprocessor;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import dev.graft.engine.net.keras.KerasImporter;
import dev.graft.engine.net.keras.KerasTestFixtures;
import dev.graft.engine.train.TrainingRuns;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Teachable Machine project imports, trains further (a new class, its known classes keeping
 * their weights) and exports back to Teachable Machine's TF.js layout; the export predicts what
 * Graft predicts, read back by Graft's importer and -- when Node and
 * {@code src/test/node/teachable-machine}'s packages are installed ({@code npm ci} there) -- by
 * {@code @teachablemachine/image} itself, loading it over HTTP as a page does.
 */
class TfjsExportTest {

    private static final List<String> IMAGES = List.of("aerial_tramway-224.png", "apple-224.png", "bear-224.png");
    private static final Path NODE_DIR = Path.of("src/test/node/teachable-machine");

    @TempDir
    Path tmp;

    @Test
    void anImportedProjectExportsToWhatItWas() throws Exception {
        Path export = KerasTestFixtures.teachableMachine("v2-0.35", Files.createDirectory(tmp.resolve("tm")));
        Path model = tmp.resolve("model");
        KerasImporter.importTo(export, model, KerasImporter.Options.none());
        Path back = tmp.resolve("tfjs");
        TfjsExporter.export(model, back);
        for (String f : TfjsExporter.FILES) {
            assertTrue(Files.isRegularFile(back.resolve(f)), f);
        }
        Path again = tmp.resolve("again");
        KerasImporter.importTo(back, again, KerasImporter.Options.none());
        float[][] a = predict(model);
        float[][] b = predict(again);
        assertEquals(0, worst(a, b), 1e-5, "the export computes what the model computes");
        checkInNode(back, List.of("animal", "food", "vehicle"), a);
    }

    @Test
    void aModelWithOtherInputScalingGetsAnAdapterForTeachableMachinesInputs() throws Exception {
        Path source = Files.createDirectory(tmp.resolve("functional"));
        for (String f : List.of("model.json", "group1-shard1of1.bin")) {
            try (InputStream in = getClass().getResourceAsStream("/dev/graft/keras/functional/plain/" + f)) {
                Files.copy(in, source.resolve(f));
            }
        }
        Path model = tmp.resolve("model");
        KerasImporter.importTo(source, model, KerasImporter.Options.none());
        Path back = tmp.resolve("tfjs");
        TfjsExporter.export(model, back);
        Path again = tmp.resolve("again");
        KerasImporter.Result r = KerasImporter.importTo(back, again, KerasImporter.Options.none());
        assertEquals("tm", r.spec().normalization(), "the export takes Teachable Machine's inputs");
        assertEquals(0, worst(predict(model), predict(again)), 1e-4);
    }

    @Test
    void aProjectTrainedFurtherWithANewClassExportsBack() throws Exception {
        Path export = KerasTestFixtures.teachableMachine("v2-0.35", Files.createDirectory(tmp.resolve("tm")));
        Path imported = tmp.resolve("imported");
        KerasImporter.importTo(export, imported, KerasImporter.Options.none());
        Path data = tmp.resolve("data");
        for (String cls : List.of("animal", "food", "vehicle", "weather")) {
            Path dir = Files.createDirectories(data.resolve(cls));
            File[] files = Path.of("datasets-sample/emoji", cls).toFile().listFiles();
            java.util.Arrays.sort(files);
            for (int i = 0; i < 5; i++) {
                Files.copy(files[i].toPath(), dir.resolve(files[i].getName()));
            }
        }
        // a learning rate so small that the known classes' rows stay where the project had them
        Recipe recipe = Recipe.builder(data.toString()).set(RecipeField.MODEL, imported.toString()).set(RecipeField.IMAGE_SIZE, 224).set(RecipeField.BATCH_SIZE, 8)
                .set(RecipeField.EPOCHS, 1).set(RecipeField.LR, 1e-7f).set(RecipeField.DEVICE, "cpu").set(RecipeField.VIEWS, 0).set(RecipeField.FREEZE, "backbone").build();
        Path run = tmp.resolve("run");
        TrainingRuns.Result result = TrainingRuns.train(recipe, run);
        assertTrue(result.events().stream().anyMatch(e -> e.toString().contains("own head continues")),
                "the run says the head continues");
        Path trained = run.resolve("model");
        ArchitectureSpec spec = NetLoader.readSpec(trained.resolve("graft-model.json"));
        assertEquals(List.of("animal", "food", "vehicle", "weather"), spec.classes());
        assertEquals(List.of(100), spec.headHidden(), "Teachable Machine's hidden layer is kept");
        try (LoadedNet before = NetLoader.load(imported, Device.cpu());
                LoadedNet after = NetLoader.load(trained, Device.cpu())) {
            NDArray old = before.net().layers().tensors().get("head.fc.weight").getArray();
            NDArray now = after.net().layers().tensors().get("head.fc.weight").getArray();
            for (int row = 0; row < 3; row++) {
                float d = old.get(row).sub(now.get(row)).abs().max().getFloat();
                assertTrue(d < 1e-4, "row of " + spec.classes().get(row) + " moved by " + d);
            }
        }
        Path back = tmp.resolve("tfjs");
        TfjsExporter.export(trained, back);
        checkInNode(back, spec.classes(), predict(trained));
    }

    private static float[][] predict(Path model) throws Exception {
        try (LoadedNet net = NetLoader.load(model, Device.cpu());
                NDManager m = net.model().getNDManager().newSubManager()) {
            ArchitectureSpec spec = net.net().spec();
            ImagePreprocessor pre = new ImagePreprocessor(spec.imageSize(), spec.mean(), spec.std());
            List<float[]> out = new ArrayList<>();
            for (String image : IMAGES) {
                BufferedImage img;
                try (InputStream in = TfjsExportTest.class.getResourceAsStream("/dev/graft/reference/" + image)) {
                    img = ImageIO.read(in);
                }
                int s = spec.imageSize();
                NDArray x = m.create(pre.toChw(img, false), new Shape(1, 3, s, s));
                out.add(net.net().network().forward(new ParameterStore(m, false), new NDList(x), false)
                        .singletonOrThrow().softmax(1).toFloatArray());
            }
            return out.toArray(new float[0][]);
        }
    }

    private static double worst(float[][] a, float[][] b) {
        double w = 0;
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i].length, b[i].length);
            for (int j = 0; j < a[i].length; j++) {
                w = Math.max(w, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return w;
    }

    /** Loads the export with @teachablemachine/image in Node and compares its probabilities. */
    private void checkInNode(Path exported, List<String> labels, float[][] graft) throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(NODE_DIR.resolve("node_modules/@teachablemachine/image")),
                "skipped: run `npm ci` in " + NODE_DIR + " to check the export with @teachablemachine/image");
        List<String> cmd = new ArrayList<>(List.of("node", "check-export.js", exported.toAbsolutePath().toString()));
        for (String image : IMAGES) {
            cmd.add(Path.of("src/test/resources/dev/graft/reference", image).toAbsolutePath().toString());
        }
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(NODE_DIR.toFile()).redirectError(tmp.resolve("node.err").toFile())
                    .start();
        } catch (java.io.IOException e) {
            Assumptions.abort("skipped: node is not installed (" + e.getMessage() + ")");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "node finished");
        assertEquals(0, p.exitValue(), "node failed: " + Files.readString(tmp.resolve("node.err")));
        JsonObject o = JsonParser.parseString(out.strip()).getAsJsonObject();
        List<String> got = new ArrayList<>();
        o.getAsJsonArray("labels").forEach(l -> got.add(l.getAsString()));
        assertEquals(labels, got);
        assertEquals(labels.size(), o.get("totalClasses").getAsInt());
        double w = 0;
        int i = 0;
        for (JsonElement c : o.getAsJsonArray("cases")) {
            JsonArray probs = c.getAsJsonObject().getAsJsonArray("probabilities");
            for (int j = 0; j < probs.size(); j++) {
                w = Math.max(w, Math.abs(probs.get(j).getAsDouble() - graft[i][j]));
            }
            i++;
        }
        System.out.println("@teachablemachine/image vs Graft: max |dp| " + w);
        assertTrue(w < 1e-4, "Teachable Machine's library computes " + w + " away from Graft");
    }
}
