package dev.graft.engine.bench;

import dev.graft.core.run.RecipeField;

import dev.graft.core.run.Recipe;
import dev.graft.core.run.RunEvent;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** The measurements behind {@code graft bench}; each reports ratios measured in one process. */
public final class Benchmarks {

    private final String data;
    private final int batchSize;
    private final Path dir;
    private final Consumer<String> log;

    /**
     * Creates the benchmarks.
     *
     * @param data training data folder
     * @param batchSize batch size
     * @param dir folder for run folders
     * @param log progress lines
     */
    public Benchmarks(String data, int batchSize, Path dir, Consumer<String> log) {
        this.data = data;
        this.batchSize = batchSize;
        this.dir = dir;
        this.log = log;
    }

    /**
     * Trains one recipe into {@code dir/name}.
     *
     * @param name run name
     * @param recipe the recipe
     * @return the run folder
     * @throws Exception if training fails
     */
    public Path train(String name, Recipe recipe) throws Exception {
        log.accept("training " + name + " ...");
        BenchRuns.Run run = BenchRuns.train(recipe, dir.resolve(name));
        log.accept(String.format(Locale.ROOT, "  %s: val_acc %.3f in %.1fs", name, run.finished().valAccuracy(),
                run.finished().seconds()));
        return dir.resolve(name);
    }

    /**
     * Full fine-tuning against the raw ceiling, and the feature cache against re-running the
     * frozen backbone for 10 epochs.
     *
     * @return the numbers
     * @throws Exception if training fails
     */
    public Map<String, Object> throughput() throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        log.accept("throughput: raw forward+backward ceiling (batch " + batchSize + ", 224 px) ...");
        double ceiling = Ceiling.fullFineTuning(5, batchSize, 224, 6);
        Recipe full = Recipe.builder(data).set(RecipeField.FREEZE, "none").set(RecipeField.EPOCHS, 2).set(RecipeField.BATCH_SIZE, batchSize).set(RecipeField.MIRROR, false).build();
        log.accept("throughput: Graft full fine-tuning, 2 epochs ...");
        BenchRuns.Run fullRun = BenchRuns.train(full, dir.resolve("throughput-full"));
        double graft = fullRun.lastEpochImagesPerSecond();
        r.put("ceilingImagesPerSecond", ceiling);
        r.put("fullFineTuningImagesPerSecond", graft);
        r.put("fullFineTuningToCeiling", graft / ceiling);
        log.accept(String.format(Locale.ROOT, "  full fine-tuning %.1f img/s vs ceiling %.1f img/s: ratio %.2f",
                graft, ceiling, graft / ceiling));

        // head-only training with the default's mirror views, 10 epochs; both sides include validation
        Recipe head = Recipe.builder(data).set(RecipeField.FREEZE, "backbone").set(RecipeField.EPOCHS, 10).set(RecipeField.BATCH_SIZE, batchSize).build();
        log.accept("throughput: head only, 10 epochs, with feature cache ...");
        BenchRuns.Run cached = BenchRuns.train(head, dir.resolve("throughput-cached"));
        log.accept("throughput: head only, 10 epochs, backbone re-run every epoch ...");
        Recipe uncachedRecipe = Recipe.builder(data).set(RecipeField.FREEZE, "backbone").set(RecipeField.EPOCHS, 10).set(RecipeField.BATCH_SIZE, batchSize)
                .set(RecipeField.FEATURE_CACHE, false).build();
        BenchRuns.Run uncached = BenchRuns.train(uncachedRecipe, dir.resolve("throughput-uncached"));
        double cachedSeconds = cached.metric("featureCacheSeconds") + cached.metric("epochsSeconds");
        double uncachedSeconds = uncached.metric("epochsSeconds");
        r.put("headOnlyCachedSeconds", cachedSeconds);
        r.put("headOnlyUncachedSeconds", uncachedSeconds);
        r.put("featureCacheSpeedup", uncachedSeconds / cachedSeconds);
        r.put("headOnlyUncachedImagesPerSecond", uncached.lastEpochImagesPerSecond());
        log.accept(String.format(Locale.ROOT, "  10 head-only epochs: %.1fs with cache vs %.1fs without: %.1fx;"
                + " uncached head-only %.1f img/s", cachedSeconds, uncachedSeconds, uncachedSeconds / cachedSeconds,
                uncached.lastEpochImagesPerSecond()));
        return r;
    }

    /**
     * Resident memory over many epochs of full fine-tuning at 96 px.
     *
     * @param epochs epochs to run
     * @return first, peak and last resident memory
     * @throws Exception if training fails
     */
    public Map<String, Object> memory(int epochs) throws Exception {
        log.accept("memory: full fine-tuning at 96 px for " + epochs + " epochs ...");
        Recipe recipe = Recipe.builder(data).set(RecipeField.FREEZE, "none").set(RecipeField.EPOCHS, epochs).set(RecipeField.IMAGE_SIZE, 96).set(RecipeField.BATCH_SIZE, batchSize).build();
        BenchRuns.Run run = BenchRuns.train(recipe, dir.resolve("memory"));
        long first = rss(run.epochs().get(0));
        long afterTwo = rss(run.epochs().get(Math.min(1, run.epochs().size() - 1)));
        long last = rss(run.epochs().get(run.epochs().size() - 1));
        long peak = run.epochs().stream().mapToLong(Benchmarks::rss).max().orElse(-1);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("epochs", epochs);
        r.put("residentMbAfterEpoch1", first);
        r.put("residentMbAfterEpoch2", afterTwo);
        r.put("residentMbPeak", peak);
        r.put("residentMbLast", last);
        r.put("growthAfterEpoch2Mb", last - afterTwo);
        r.put("residentMbByEpoch", run.epochs().stream().map(Benchmarks::rss).toList());
        r.put("javaHeapMbByEpoch", run.epochs().stream().map(RunEvent.Epoch::javaHeapMb).toList());
        log.accept(String.format(Locale.ROOT, "  resident memory: epoch 1 %d MB, epoch 2 %d MB, peak %d MB, last %d MB",
                first, afterTwo, peak, last));
        return r;
    }

    private static long rss(RunEvent.Epoch epoch) {
        return epoch.residentMemoryMb();
    }
}
