package dev.graft.engine.net.keras;

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
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.engine.image.ImagePreprocessor;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Teachable Machine image projects (MobileNet v1 and v2 at the alphas it offers, made with
 * {@code @teachablemachine/image}'s own code path, see {@code src/test/node/teachable-machine})
 * import as Graft models that keep their classes and predict what TF.js predicts, on real images.
 */
class TeachableMachineImportTest {

    static List<String> fixtures() {
        return TeachableMachineFixtures.ALL;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void importedProjectPredictsLikeTfjs(String name, @TempDir Path tmp) throws Exception {
        Path export = Files.createDirectory(tmp.resolve("tm-export"));
        JsonObject fixture = TeachableMachineFixtures.materialise(name, export);
        Path model = tmp.resolve("model");
        KerasImporter.Result result = KerasImporter.importTo(export, model, KerasImporter.Options.none());
        ArchitectureSpec spec = result.spec();
        assertEquals(List.of("animal", "food", "vehicle"), spec.classes(), "Teachable Machine's labels are kept");
        assertEquals("tm", spec.normalization());
        assertEquals(List.of(100), spec.headHidden());
        assertTrue(result.classifierKept());
        assertEquals("teachable-machine", result.kind());
        int version = fixture.get("version").getAsInt();
        assertEquals(version == 1 ? "block_13" : "block_16", result.stages().get(result.stages().size() - 2),
                "stages follow the MobileNet's blocks: " + result.stages());
        ImagePreprocessor pre = new ImagePreprocessor(224, spec.mean(), spec.std());
        double worstProb = 0;
        double worstFeature = 0;
        try (LoadedNet net = NetLoader.load(model, Device.cpu());
                NDManager manager = net.model().getNDManager().newSubManager()) {
            for (JsonElement el : fixture.getAsJsonArray("cases")) {
                JsonObject c = el.getAsJsonObject();
                BufferedImage img;
                try (InputStream in = getClass().getResourceAsStream("/dev/graft/reference/"
                        + c.get("image").getAsString())) {
                    img = ImageIO.read(in);
                }
                NDArray x = manager.create(pre.toChw(img, false), new Shape(1, 3, 224, 224));
                ParameterStore ps = new ParameterStore(manager, false);
                NDArray features = net.net().backbone().forward(ps, new NDList(x), false).singletonOrThrow();
                NDArray probs = net.net().head().forward(ps, new NDList(features), false).singletonOrThrow()
                        .softmax(1);
                float[] f = features.toFloatArray();
                assertEquals(c.get("featureWidth").getAsInt(), f.length);
                JsonArray idx = c.getAsJsonArray("featureIndices");
                JsonArray want = c.getAsJsonArray("features");
                double absSum = 0;
                for (float v : f) {
                    absSum += Math.abs(v);
                }
                for (int i = 0; i < idx.size(); i++) {
                    worstFeature = Math.max(worstFeature, Math.abs(f[idx.get(i).getAsInt()] - want.get(i).getAsDouble()));
                }
                double sum = c.get("featureAbsSum").getAsDouble();
                assertEquals(sum, absSum, 1e-4 * sum, "sum of |features|");
                float[] p = probs.toFloatArray();
                JsonArray ref = c.getAsJsonArray("probabilities");
                for (int i = 0; i < p.length; i++) {
                    worstProb = Math.max(worstProb, Math.abs(p[i] - ref.get(i).getAsDouble()));
                }
            }
        }
        System.out.println(name + ": max |dp| " + worstProb + " max |df| " + worstFeature);
        assertTrue(worstProb < 1e-4, "probabilities differ from TF.js by " + worstProb);
        assertTrue(worstFeature < 1e-4, "features differ from TF.js by " + worstFeature);
    }
}
