package dev.graft.engine.export.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.engine.image.ImagePreprocessor;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import dev.graft.engine.net.keras.KerasImporter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model imported from Keras' own files exports back to TF.js, and TF.js itself (Node,
 * {@code src/test/node/keras-reference}, {@code npm ci} there) loads it and computes Graft's
 * probabilities: Keras 3's serialisation (dtype policies, module names) does not leak into the
 * TF.js topology.
 */
class KerasFileTfjsExportTest {

    private static final String DIR = "/dev/graft/keras/functional/";
    private static final Path NODE_DIR = Path.of("src/test/node/keras-reference");
    private static final List<String> IMAGES = List.of("badger-64.png", "apple-64.png", "closed_umbrella-64.png");

    @ParameterizedTest
    @ValueSource(strings = {"keras2.h5", "keras3.keras"})
    void tfjsLoadsTheExportAndComputesGraftsProbabilities(String file, @TempDir Path tmp) throws Exception {
        Path source = tmp.resolve(file);
        try (InputStream in = getClass().getResourceAsStream(DIR + "keras-files/" + file)) {
            Files.copy(in, source);
        }
        Path model = tmp.resolve("model");
        KerasImporter.importTo(source, model, new KerasImporter.Options(List.of("a", "b", "c", "d", "e"), null, null));
        Path out = Files.createDirectory(tmp.resolve("tfjs"));
        TfjsExporter.export(model, out);
        String topology = Files.readString(out.resolve("model.json"));
        assertFalse(topology.contains("DTypePolicy") || topology.contains("__keras_tensor__"),
                "only TF.js' own (Keras 2) serialisation is written");

        Assumptions.assumeTrue(Files.isDirectory(NODE_DIR.resolve("node_modules/@tensorflow/tfjs")),
                "skipped: run `npm ci` in " + NODE_DIR + " to check the export with TF.js");
        List<String> cmd = new ArrayList<>(List.of("node", "check-tfjs-export.js", out.toAbsolutePath().toString()));
        List<Path> images = new ArrayList<>();
        for (String image : IMAGES) {
            Path p = tmp.resolve(image);
            try (InputStream in = getClass().getResourceAsStream(DIR + image)) {
                Files.copy(in, p);
            }
            images.add(p);
            cmd.add(p.toAbsolutePath().toString());
        }
        Process p = new ProcessBuilder(cmd).directory(NODE_DIR.toFile()).redirectError(tmp.resolve("node.err").toFile())
                .start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "node finished");
        assertEquals(0, p.exitValue(), "node failed: " + Files.readString(tmp.resolve("node.err")));
        float[][] graft = predict(model, images);
        double worst = 0;
        int i = 0;
        for (JsonElement c : JsonParser.parseString(stdout.strip()).getAsJsonObject().getAsJsonArray("cases")) {
            JsonArray probs = c.getAsJsonObject().getAsJsonArray("probabilities");
            assertEquals(graft[i].length, probs.size());
            for (int j = 0; j < probs.size(); j++) {
                worst = Math.max(worst, Math.abs(probs.get(j).getAsDouble() - graft[i][j]));
            }
            i++;
        }
        System.out.println(file + " exported to TF.js: TF.js vs Graft max |dp| " + worst);
        assertTrue(worst < 1e-4, "TF.js computes " + worst + " away from Graft");
    }

    private static float[][] predict(Path model, List<Path> images) throws Exception {
        try (LoadedNet net = NetLoader.load(model, Device.cpu());
                NDManager m = net.model().getNDManager().newSubManager()) {
            ArchitectureSpec spec = net.net().spec();
            ImagePreprocessor pre = new ImagePreprocessor(spec.imageSize(), spec.mean(), spec.std());
            List<float[]> out = new ArrayList<>();
            for (Path image : images) {
                int s = spec.imageSize();
                NDArray x = m.create(pre.toChw(ImageIO.read(image.toFile()), false), new Shape(1, 3, s, s));
                out.add(net.net().network().forward(new ParameterStore(m, false), new NDList(x), false)
                        .singletonOrThrow().softmax(1).toFloatArray());
            }
            return out.toArray(new float[0][]);
        }
    }
}
