package dev.graft.engine.net;

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
import dev.graft.engine.catalogue.BundledModel;
import dev.graft.engine.image.ImagePreprocessor;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The bundled, converted MobileNetV2 computes what the original TF.js model computes. Reference
 * values come from running the TF.js model itself in Node ({@code src/test/node/mobilenet-reference}).
 */
class MobileNetV2ReferenceTest {

    private static final String DIR = "/dev/graft/reference/";

    @Test
    void convertedNetworkMatchesTfjsOutputs() throws Exception {
        JsonObject ref;
        try (InputStream in = getClass().getResourceAsStream(DIR + "reference.json")) {
            ref = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
        ImagePreprocessor pre = new ImagePreprocessor(224, null, null);
        double worstProb = 0;
        double worstFeature = 0;
        int cases = 0;
        try (LoadedNet net = new BundledModel().load(Device.cpu());
                NDManager manager = net.model().getNDManager().newSubManager()) {
            for (JsonElement el : ref.getAsJsonArray("cases")) {
                JsonObject c = el.getAsJsonObject();
                BufferedImage img;
                try (InputStream in = getClass().getResourceAsStream(DIR + c.get("image").getAsString())) {
                    img = ImageIO.read(in);
                }
                NDArray x = manager.create(pre.toChw(img, false), new Shape(1, 3, 224, 224));
                ParameterStore ps = new ParameterStore(manager, false);
                NDArray features = net.net().backbone().forward(ps, new NDList(x), false).singletonOrThrow();
                NDArray probs = net.net().head().forward(ps, new NDList(features), false).singletonOrThrow()
                        .softmax(1);
                worstFeature = Math.max(worstFeature, maxAbsDiff(features.toFloatArray(),
                        c.getAsJsonArray("pooledFeatures")));
                worstProb = Math.max(worstProb, maxAbsDiff(probs.toFloatArray(), c.getAsJsonArray("probabilities")));
                cases++;
            }
        }
        assertEquals(3, cases);
        System.out.println("max |dp| " + worstProb + " max |df| " + worstFeature);
        assertTrue(worstProb < 1e-4, "probabilities differ from TF.js by " + worstProb);
        assertTrue(worstFeature < 1e-3, "pooled features differ from TF.js by " + worstFeature);
    }

    private static double maxAbsDiff(float[] actual, JsonArray expected) {
        assertEquals(expected.size(), actual.length);
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected.get(i).getAsDouble()));
        }
        return worst;
    }
}
