package dev.graft.engine.bench;

import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeBuilder;
import dev.graft.core.run.RecipeField;
import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunEvent;
import dev.graft.engine.process.TrainingProcess;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * A large dataset under a small heap: by default 30,000 images of Fashion-MNIST's size (28×28
 * grey) trained at 224 px by a training process limited to a 2 GB heap, the default heap of an
 * 8 GB laptop. Reports resident memory and heap per epoch. The images are generated (two
 * textures), or taken from {@code --data} when given.
 */
public final class ScaleBench {

    private final Path dir;
    private final Consumer<String> log;

    /**
     * Creates the bench.
     *
     * @param dir a new folder for the generated data and the run
     * @param log progress lines
     */
    public ScaleBench(Path dir, Consumer<String> log) {
        this.dir = dir;
        this.log = log;
    }

    /**
     * Runs it.
     *
     * @param data a dataset to use, or null to generate {@code images} small grey images
     * @param images images to generate
     * @param maxHeap heap of the training process, e.g. "2g"
     * @param epochs epochs
     * @param recipe changes to the bench's recipe (224 px, no mirrored views, the head only)
     * @return the numbers
     * @throws Exception if training cannot start
     */
    public Map<String, Object> run(Path data, int images, String maxHeap, int epochs,
            java.util.function.UnaryOperator<RecipeBuilder> recipe)
            throws Exception {
        Path dataset = data != null ? data : generate(dir.resolve("data"), images);
        // head only unless told otherwise, as measured since this bench exists: the pooled-feature
        // cache at scale (the default's cache of stage-5 outputs is about 75 KB per image at 224 px)
        Recipe trained = recipe.apply(Recipe.builder(dataset.toString()).set(RecipeField.IMAGE_SIZE, 224)
                .set(RecipeField.EPOCHS, epochs).set(RecipeField.MIRROR, false).set(RecipeField.DEVICE, "cpu")
                .set(RecipeField.FREEZE, "backbone")).build();
        List<String> extra = Recipe.builder(dataset.toString()).setAll(trained).changedFromDefaults();
        log.accept("scale: training on " + dataset + " at 224 px with a " + maxHeap + " heap " + extra + " ...");
        List<RunEvent.Epoch> epochEvents = new ArrayList<>();
        RunEvent[] end = new RunEvent[1];
        RunEvent.RunStarted[] started = new RunEvent.RunStarted[1];
        long t0 = System.nanoTime();
        double[] cachingSeconds = {Double.NaN};
        TrainingProcess worker = new TrainingProcess(trained, RunClaim.claim(dir.resolve("run"), "scale bench"), false,
                List.of("-Xmx" + maxHeap));
        TrainingProcess.Exit exit = worker.run((line, e) -> {
            if (e instanceof RunEvent.RunStarted s) {
                started[0] = s;
            } else if (e instanceof RunEvent.Caching c && c.done() == c.total()) {
                cachingSeconds[0] = (System.nanoTime() - t0) / 1e9;
            } else if (e instanceof RunEvent.Epoch ep) {
                epochEvents.add(ep);
                log.accept(String.format(Locale.ROOT, "  epoch %d: %.0f img/s, resident %d MB, Java heap %d MB",
                        ep.epoch(), ep.imagesPerSecond(), ep.residentMemoryMb(), ep.javaHeapMb()));
            } else if (e instanceof RunEvent.Finished || e instanceof RunEvent.Failed) {
                end[0] = e;
            }
        });
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("images", started[0] == null ? images : started[0].trainImages() + started[0].valImages());
        r.put("imageSize", 224);
        r.put("maxHeap", maxHeap);
        r.put("options", extra);
        r.put("outcome", exit.crashed() ? "crashed: " + exit.cause() : end[0] instanceof RunEvent.Failed f
                ? "failed: " + f.cause() : end[0] instanceof RunEvent.Finished f ? f.status() : "unknown");
        r.put("featureCacheSeconds", cachingSeconds[0]);
        r.put("seconds", (System.nanoTime() - t0) / 1e9);
        r.put("residentMbByEpoch", epochEvents.stream().map(RunEvent.Epoch::residentMemoryMb).toList());
        r.put("javaHeapMbByEpoch", epochEvents.stream().map(RunEvent.Epoch::javaHeapMb).toList());
        log.accept("  " + r.get("outcome") + " in " + String.format(Locale.ROOT, "%.0f s", (double) r.get("seconds")));
        return r;
    }

    /**
     * Writes {@code n} 28×28 grey PNGs in two texture classes (deterministic).
     *
     * @param root a new folder
     * @param n how many
     * @return the folder
     * @throws IOException if they cannot be written
     */
    public static Path generate(Path root, int n) throws IOException {
        Random r = new Random(1);
        String[] classes = {"stripes", "checks"};
        for (String c : classes) {
            Files.createDirectories(root.resolve(c));
        }
        for (int i = 0; i < n; i++) {
            String c = classes[i % 2];
            BufferedImage im = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int v = c.equals("stripes") ? ((x + i) % 6 < 3 ? 220 : 30) : ((x / 4 + y / 4 + i) % 2 == 0 ? 200 : 40);
                    im.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, v + r.nextInt(40) - 20)));
                }
            }
            ImageIO.write(im, "png", root.resolve(c).resolve(c + "-" + i + ".png").toFile());
        }
        return root;
    }
}
