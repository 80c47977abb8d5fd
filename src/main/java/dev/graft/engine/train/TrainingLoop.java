package dev.graft.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import dev.graft.core.data.DatasetSplit;
import dev.graft.core.run.EventSink;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RunEvent;
import dev.graft.engine.export.ModelExporter;
import dev.graft.engine.net.LoadedNet;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/** The epoch/batch loop of a run, with validation, checkpoints and a clean stop. */
final class TrainingLoop {

    /**
     * How the loop ended.
     *
     * @param stopped true when the user stopped it
     * @param epochsCompleted full epochs done
     * @param accuracy last epoch's training accuracy
     * @param valAccuracy last validation accuracy
     * @param metrics timings and throughput
     */
    record Outcome(boolean stopped, int epochsCompleted, double accuracy, double valAccuracy,
            Map<String, Double> metrics) {}

    private static final long PIXEL_BUDGET = 1_500_000_000L;
    /**
     * Images per backbone pass when filling the feature cache. Inference activations at 224 px are
     * large; measured on the emoji sample: batch 32 peaks at 4.0 GB resident, batch 8 at 1.7 GB, in
     * the same time.
     */
    private static final int CACHE_BATCH = 8;

    private final Recipe recipe;
    private final LoadedNet net;
    private final Path backboneDir;
    private final DatasetSplit split;
    private final Path runDir;
    private final EventSink sink;
    private final AtomicBoolean stop;
    private final boolean useCache;

    TrainingLoop(Recipe recipe, LoadedNet net, Path backboneDir, DatasetSplit split, Path runDir, EventSink sink,
            AtomicBoolean stop, boolean useCache) {
        this.recipe = recipe;
        this.net = net;
        this.backboneDir = backboneDir;
        this.split = split;
        this.runDir = runDir;
        this.sink = sink;
        this.stop = stop;
        this.useCache = useCache;
    }

    Outcome run(DefaultTrainingConfig config) throws Exception {
        var spec = net.net().spec();
        int size = spec.imageSize();
        ImageStore train = new ImageStore(split.train(), size, spec.mean(), spec.std(), PIXEL_BUDGET);
        ImageStore val = new ImageStore(split.validation(), size, spec.mean(), spec.std(), PIXEL_BUDGET / 4);
        Map<String, Double> metrics = new LinkedHashMap<>();
        NDManager root = net.model().getNDManager();
        int bs = recipe.batchSize();
        int views = recipe.mirror() ? 2 : 1;
        int samples = train.size() * views;
        try (Trainer trainer = net.model().newTrainer(config)) {
            trainer.initialize(new Shape(1, 3, size, size));
            FeatureCache trainCache = null;
            FeatureCache valCache = null;
            if (useCache) {
                long t0 = System.nanoTime();
                int total = train.size() * views + val.size();
                trainCache = FeatureCache.compute(net.net(), train, root, CACHE_BATCH, views,
                        n -> sink.accept(new RunEvent.Caching(n, total)));
                int trainDone = train.size() * views;
                valCache = val.size() == 0 ? null : FeatureCache.compute(net.net(), val, root, CACHE_BATCH, 1,
                        n -> sink.accept(new RunEvent.Caching(trainDone + n, total)));
                metrics.put("featureCacheSeconds", (System.nanoTime() - t0) / 1e9);
            }
            int epochs = recipe.epochs();
            int batches = (samples + bs - 1) / bs;
            double accuracy = Double.NaN;
            double valAccuracy = Double.NaN;
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
                    if (stop.get()) {
                        checkpoint(epoch, true);
                        metrics.put("imagesPerSecond", trainedImages / Math.max(trainSeconds, 1e-9));
                        return new Outcome(true, epoch - 1, accuracy, valAccuracy, metrics);
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
                trainSeconds += epochSeconds;
                trainedImages += seen;
                accuracy = correct / (double) seen;
                double[] v = validate(val, valCache, size);
                epochsSeconds += (System.nanoTime() - epochStart) / 1e9;
                valAccuracy = v[1];
                if (val.size() > 0) {
                    sink.accept(new RunEvent.Validation(epoch, v[0], v[1], val.size()));
                }
                sink.accept(new RunEvent.Epoch(epoch, epochs, lossSum / seen, accuracy, v[0], v[1],
                        seen / epochSeconds, epochSeconds, ResidentMemory.megabytes(),
                        Runtime.getRuntime().totalMemory() / (1024 * 1024)));
                checkpoint(epoch, false);
            }
            metrics.put("imagesPerSecond", trainedImages / Math.max(trainSeconds, 1e-9));
            metrics.put("trainSeconds", trainSeconds);
            metrics.put("epochsSeconds", epochsSeconds);
            return new Outcome(false, epochs, accuracy, valAccuracy, metrics);
        }
    }

    /** @return {mean loss, accuracy}, NaN when there is no validation set */
    private double[] validate(ImageStore val, FeatureCache cache, int size) throws Exception {
        if (val.size() == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double lossSum = 0;
        int correct = 0;
        int bs = recipe.batchSize();
        for (int from = 0; from < val.size(); from += bs) {
            int[] idx = new int[Math.min(bs, val.size() - from)];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = from + i;
            }
            try (NDManager m = net.model().getNDManager().newSubManager()) {
                NDList x = FineTuner.input(m, val, cache, idx, size, null);
                NDArray y = FineTuner.labels(m, val, idx);
                NDArray logits = net.net().network().forward(new ParameterStore(m, false), x, false).singletonOrThrow();
                NDArray logp = logits.logSoftmax(1);
                float[] lp = logp.toFloatArray();
                int[] yy = y.toIntArray();
                int c = (int) logits.getShape().get(1);
                int[] pred = logits.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
                for (int i = 0; i < idx.length; i++) {
                    lossSum -= lp[i * c + yy[i]];
                    if (pred[i] == yy[i]) {
                        correct++;
                    }
                }
            }
        }
        return new double[] {lossSum / val.size(), correct / (double) val.size()};
    }

    private void checkpoint(int epoch, boolean partial) throws java.io.IOException {
        String name = String.format(Locale.ROOT, "epoch-%04d%s", epoch, partial ? "-partial" : "");
        Path dir = runDir.resolve(FineTuner.RunFiles.CHECKPOINTS).resolve(name);
        ModelExporter.export(net, backboneDir, dir);
        sink.accept(new RunEvent.Checkpoint(epoch, dir.toString(), partial));
        if (recipe.keepCheckpoints() > 0) {
            Checkpoints.prune(dir.getParent(), recipe.keepCheckpoints());
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
