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
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "one heat map (640 px PNG, bundled model at 224 px), %d runs: median %.0f ms,"
                    + " min %.0f ms, max %.0f ms%n", n, ms[n / 2], ms[0], ms[n - 1]);
        }
    }
}
