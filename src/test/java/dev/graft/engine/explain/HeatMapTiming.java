package dev.graft.engine.explain;

import dev.graft.testing.Images;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures one heat map with the bundled model (224 px): decode, preprocess, the probabilities
 * and Grad-CAM, as Try and {@code graft explain} do for each image. Not a test (no timing is
 * asserted); run its main with the test class path and say the load average next to the figure.
 */
public final class HeatMapTiming {

    private HeatMapTiming() {}

    private static void report(String what, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        System.out.printf(Locale.ROOT, "%s, bundled model at 224 px, %d runs: median %.0f ms, min %.0f ms, max %.0f"
                + " ms%n", what, n, sorted[n / 2], sorted[0], sorted[n - 1]);
    }

    /**
     * Runs the measurement.
     *
     * @param args repetitions (default 20)
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path dir = Files.createTempDirectory("graft-timing");
        Path image = Images.png(dir.resolve("photo.png"), 1, 640);
        try (Explainer explainer = Explainer.open(ExplainerTest.BUNDLED)) {
            explainer.explain(image, null, 0); // the first call also measures the map's orientation
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                explainer.explain(image, null, 0);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            report("one image explained (decode, probabilities, heat map)", ms);
            // the probabilities alone (what graft predict costs), to see what the heat map adds
            float[] chw = new dev.graft.engine.image.ImagePreprocessor(224, explainer.net().net().spec().mean(),
                    explainer.net().net().spec().std()).toChw(new dev.graft.engine.image.ImageDecoder().decode(image),
                    false);
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                new dev.graft.engine.image.ImagePreprocessor(224, explainer.net().net().spec().mean(),
                        explainer.net().net().spec().std()).toChw(new dev.graft.engine.image.ImageDecoder()
                        .decode(image), false);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            report("decoding and preparing the image alone", ms);
            dev.graft.engine.inference.Inference inference = new dev.graft.engine.inference.Inference(explainer.net());
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                inference.probabilities(chw, 1);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            report("the probabilities alone (one forward pass)", ms);
            GradCam cam = new GradCam(explainer.net());
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                cam.map(chw, 0);
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            report("the heat map alone (forward and backward)", ms);
        }
    }
}
