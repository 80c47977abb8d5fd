package dev.graft.engine.net.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.awt.image.BufferedImage;
import java.io.InputStream;
import javax.imageio.ImageIO;

/** Compares an imported network with reference outputs TF.js computed on the same images. */
final class KerasReference {

    private KerasReference() {}

    /**
     * Runs every case of a reference file.
     *
     * @param net the imported network
     * @param reference cases with image, probabilities and features
     * @param dir resource folder of the images
     * @param featureKey the cases' field with the feature vector
     * @return {max |Δp|, max |Δf|}
     */
    static double[] compare(LoadedNet net, JsonObject reference, String dir, String featureKey) throws Exception {
        ArchitectureSpec spec = net.net().spec();
        ImagePreprocessor pre = new ImagePreprocessor(spec.imageSize(), spec.mean(), spec.std());
        double worstProb = 0;
        double worstFeature = 0;
        try (NDManager manager = net.model().getNDManager().newSubManager()) {
            for (JsonElement el : reference.getAsJsonArray("cases")) {
                JsonObject c = el.getAsJsonObject();
                BufferedImage img;
                try (InputStream in = KerasReference.class.getResourceAsStream(dir + c.get("image").getAsString())) {
                    img = ImageIO.read(in);
                }
                int s = spec.imageSize();
                NDArray x = manager.create(pre.toChw(img, false), new Shape(1, 3, s, s));
                ParameterStore ps = new ParameterStore(manager, false);
                NDArray features = net.net().backbone().forward(ps, new NDList(x), false).singletonOrThrow();
                NDArray probs = net.net().head().forward(ps, new NDList(features), false).singletonOrThrow()
                        .softmax(1);
                worstFeature = Math.max(worstFeature, maxAbsDiff(features.toFloatArray(), c.getAsJsonArray(featureKey)));
                worstProb = Math.max(worstProb, maxAbsDiff(probs.toFloatArray(), c.getAsJsonArray("probabilities")));
            }
        }
        return new double[] {worstProb, worstFeature};
    }

    static double maxAbsDiff(float[] actual, JsonArray expected) {
        assertEquals(expected.size(), actual.length);
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected.get(i).getAsDouble()));
        }
        return worst;
    }
}
