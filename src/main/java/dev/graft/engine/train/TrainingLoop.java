package dev.graft.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import dev.graft.core.data.DatasetSplit;
import dev.graft.core.eval.Evaluation;
import dev.graft.core.run.EventSink;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunFolder;
import dev.graft.core.run.StopSignal;
import dev.graft.core.run.StoppedException;
import dev.graft.core.util.Json;
import dev.graft.engine.export.ModelExporter;
import dev.graft.engine.net.LoadedNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** The epoch/batch loop of a run, with validation, checkpoints and a clean stop. */
final class TrainingLoop {

    /**
     * How the loop ended.
     *
     * @param stopReason why it stopped early, null when every epoch ran
     * @param epochsCompleted full epochs done
     * @param accuracy training accuracy of the last completed epoch (NaN when none)
     * @param evaluation the last completed epoch's model on the validation split, null when no
     *     epoch completed or there is no validation split
     * @param metrics timings and throughput
     */
    record Outcome(String stopReason, int epochsCompleted, double accuracy, Evaluation evaluation,
            Map<String, Double> metrics) {}

    /**
     * Images per backbone pass when filling the feature cache. Inference activations at 224 px are
     * large; measured on the emoji sample: batch 32 peaks at 4.0 GB resident, batch 8 at 1.7 GB, in
     * the same time.
     */
    private static final int CACHE_BATCH = 8;
    /** Worst mistakes kept in each evaluation. */
    private static final int MISTAKES = 25;

    private final Recipe recipe;
    private final LoadedNet net;
    private final Path backboneDir;
    private final DatasetSplit split;
    private final RunFolder run;
    private final EventSink sink;
    private final StopSignal stop;
    private final boolean useCache;

    TrainingLoop(Recipe recipe, LoadedNet net, Path backboneDir, DatasetSplit split, RunFolder run, EventSink sink,
            StopSignal stop, boolean useCache) {
        this.recipe = recipe;
        this.net = net;
        this.backboneDir = backboneDir;
        this.split = split;
        this.run = run;
        this.sink = sink;
        this.stop = stop;
        this.useCache = useCache;
    }

    Outcome run(DefaultTrainingConfig config) throws Exception {
        var spec = net.net().spec();
        int size = spec.imageSize();
        // With the feature cache every image is read once: caching its pixels would only cost memory.
        long trainBudget = useCache ? 0 : MemoryBudget.heapShare(MemoryBudget.TRAIN_PIXELS);
        long valBudget = useCache ? 0 : MemoryBudget.heapShare(MemoryBudget.VALIDATION_PIXELS);
        Map<String, Double> metrics = new LinkedHashMap<>();
        try (ImageStore train = new ImageStore(split.train(), size, spec.mean(), spec.std(), trainBudget, run.dir());
                ImageStore val = new ImageStore(split.validation(), size, spec.mean(), spec.std(), valBudget,
                        run.dir());
                Trainer trainer = net.model().newTrainer(config)) {
            trainer.initialize(new Shape(1, 3, size, size));
            FeatureCache trainCache = null;
            FeatureCache valCache = null;
            try {
                if (useCache) {
                    long t0 = System.nanoTime();
                    FeatureCache[] caches = fillCaches(train, val);
                    trainCache = caches[0];
                    valCache = caches[1];
                    metrics.put("featureCacheSeconds", (System.nanoTime() - t0) / 1e9);
                }
                return epochs(trainer, train, val, trainCache, valCache, metrics);
            } finally {
                if (trainCache != null) {
                    trainCache.close();
                }
                if (valCache != null) {
                    valCache.close();
                }
            }
        }
    }

    private FeatureCache[] fillCaches(ImageStore train, ImageStore val) throws Exception {
        int views = recipe.mirror() ? 2 : 1;
        int trainPasses = train.size() * views;
        int total = trainPasses + val.size();
        String what = String.format(Locale.ROOT, "%d training images%s + %d validation images", train.size(),
                views == 2 ? " × 2 views (as is and mirrored)" : "", val.size());
        NDManager root = net.model().getNDManager();
        long t0 = System.nanoTime();
        FeatureCache.Progress progress = (done, ignored) -> {
            double secs = (System.nanoTime() - t0) / 1e9;
            Double rate = done > 0 && secs > 0.5 ? done / secs : null;
            Double eta = rate == null ? null : (total - done) / rate;
            sink.accept(new RunEvent.Caching(done, total, what, rate, eta));
        };
        sink.accept(new RunEvent.Caching(0, total, what, null, null));
        FeatureCache trainCache = FeatureCache.compute(net.net(), train, root, CACHE_BATCH, views, run.dir(), stop,
                progress::update);
        try {
            FeatureCache valCache = val.size() == 0 ? null : FeatureCache.compute(net.net(), val, root, CACHE_BATCH,
                    1, run.dir(), stop, (done, t) -> progress.update(trainPasses + done, total));
            return new FeatureCache[] {trainCache, valCache};
        } catch (Exception | Error e) {
            trainCache.close();
            throw e;
        }
    }

    private Outcome epochs(Trainer trainer, ImageStore train, ImageStore val, FeatureCache trainCache,
            FeatureCache valCache, Map<String, Double> metrics) throws Exception {
        int size = net.net().spec().imageSize();
        int bs = recipe.batchSize();
        int views = recipe.mirror() ? 2 : 1;
        int samples = train.size() * views;
        int epochs = recipe.epochs();
        int batches = (samples + bs - 1) / bs;
        NDManager root = net.model().getNDManager();
        double accuracy = Double.NaN;
        Evaluation evaluation = null;
        double trainSeconds = 0;
        double epochsSeconds = 0;
        long trainedImages = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            int[] order = shuffled(samples, new Random(recipe.seed() * 1000 + epoch));
            Random aug = recipe.augment() ? new Random(recipe.seed() * 7919 + epoch) : null;
            long epochStart = System.nanoTime();
            double lossSum = 0;
            int correct = 0;
            int seen = 0;
            for (int b = 0; b < batches; b++) {
                if (stop.requested()) {
                    if (seen > 0) {
                        checkpoint(epoch, true, null);
                    }
                    metrics.put("imagesPerSecond", trainedImages / Math.max(trainSeconds, 1e-9));
                    return new Outcome(stop.reason(), epoch - 1, accuracy, evaluation, metrics);
                }
                int from = b * bs;
                int[] idx = java.util.Arrays.copyOfRange(order, from, Math.min(samples, from + bs));
                double[] lossAcc = new double[2];
                try (NDManager m = root.newSubManager()) {
                    NDList x = FineTuner.input(m, train, trainCache, idx, size, aug);
                    NDArray y = FineTuner.labels(m, train, idx);
                    FineTuner.backward(trainer, x, y, lossAcc);
                    trainer.step();
                }
                lossSum += lossAcc[0] * idx.length;
                correct += (int) lossAcc[1];
                seen += idx.length;
                double elapsed = (System.nanoTime() - epochStart) / 1e9;
                double ips = seen / Math.max(elapsed, 1e-9);
                long remaining = (long) (epochs - epoch) * samples + (samples - seen);
                sink.accept(new RunEvent.Batch(epoch, epochs, b + 1, batches, lossAcc[0],
                        lossAcc[1] / idx.length, ips, remaining / ips));
            }
            double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
            Evaluation epochEvaluation;
            double valLoss;
            try {
                double[] loss = new double[1];
                epochEvaluation = validate(val, valCache, size, loss);
                valLoss = loss[0];
            } catch (StoppedException e) {
                // stopped while validating: this epoch's weights are kept, but unvalidated
                checkpoint(epoch, true, null);
                metrics.put("imagesPerSecond", (trainedImages + seen) / Math.max(trainSeconds + epochSeconds, 1e-9));
                return new Outcome(stop.reason(), epoch - 1, accuracy, evaluation, metrics);
            }
            trainSeconds += epochSeconds;
            trainedImages += seen;
            accuracy = correct / (double) seen;
            evaluation = epochEvaluation;
            epochsSeconds += (System.nanoTime() - epochStart) / 1e9;
            Double valAccuracy = evaluation == null ? null : evaluation.accuracy();
            if (evaluation != null) {
                sink.accept(new RunEvent.Validation(epoch, valLoss, valAccuracy, val.size()));
            }
            sink.accept(new RunEvent.Epoch(epoch, epochs, lossSum / seen, accuracy,
                    evaluation == null ? null : valLoss, valAccuracy, seen / epochSeconds, epochSeconds,
                    ResidentMemory.megabytes(), Runtime.getRuntime().totalMemory() / (1024 * 1024)));
            checkpoint(epoch, false, evaluation);
        }
        metrics.put("imagesPerSecond", trainedImages / Math.max(trainSeconds, 1e-9));
        metrics.put("trainSeconds", trainSeconds);
        metrics.put("epochsSeconds", epochsSeconds);
        return new Outcome(null, epochs, accuracy, evaluation, metrics);
    }

    /**
     * Runs the validation split through the network.
     *
     * @param loss receives the mean validation loss
     * @return the evaluation, null when there is no validation split
     */
    private Evaluation validate(ImageStore val, FeatureCache cache, int size, double[] loss) throws Exception {
        if (val.size() == 0) {
            loss[0] = Double.NaN;
            return null;
        }
        double lossSum = 0;
        int bs = recipe.batchSize();
        List<String> classes = net.net().spec().classes();
        float[][] probabilities = new float[val.size()][];
        int[] labels = new int[val.size()];
        List<String> files = new ArrayList<>();
        for (int from = 0; from < val.size(); from += bs) {
            stop.check();
            int[] idx = new int[Math.min(bs, val.size() - from)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            try (NDManager m = net.model().getNDManager().newSubManager()) {
                NDList x = FineTuner.input(m, val, cache, idx, size, null);
                NDArray logits = net.net().network().forward(new ParameterStore(m, false), x, false).singletonOrThrow();
                float[] lp = logits.logSoftmax(1).toFloatArray();
                int c = (int) logits.getShape().get(1);
                for (int i = 0; i < idx.length; i++) {
                    int k = idx[i];
                    labels[k] = val.label(k);
                    probabilities[k] = new float[c];
                    for (int j = 0; j < c; j++) {
                        probabilities[k][j] = (float) Math.exp(lp[i * c + j]);
                    }
                    lossSum -= lp[i * c + labels[k]];
                    files.add(val.images().get(k).file().toString());
                }
            }
        }
        loss[0] = lossSum / val.size();
        return Evaluation.of(classes, files, labels, probabilities, MISTAKES, List.of());
    }

    private void checkpoint(int epoch, boolean partial, Evaluation evaluation) throws java.io.IOException {
        Path dir = run.checkpoint(epoch, partial);
        ModelExporter.export(net, backboneDir, dir, evaluation == null ? null : Json.PRETTY.toJson(evaluation));
        sink.accept(new RunEvent.Checkpoint(epoch, dir.toString(), partial));
        if (recipe.keepCheckpoints() > 0) {
            Checkpoints.prune(run.checkpoints(), recipe.keepCheckpoints());
        }
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
