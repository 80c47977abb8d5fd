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
import dev.graft.engine.net.StatisticsNoise;
import dev.graft.engine.net.TappedBackbone;
import dev.graft.engine.net.LoadedNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;

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
     * @param warmUp the model after the head warm-up on the validation split (saved as
     *     {@link RunFolder#warmUpCheckpoint()}), null when no warm-up ran or there is no validation split
     */
    record Outcome(String stopReason, int epochsCompleted, double accuracy, Evaluation evaluation,
            Map<String, Double> metrics, Evaluation warmUp) {

        Outcome withWarmUp(Evaluation e) {
            return new Outcome(stopReason, epochsCompleted, accuracy, evaluation, metrics, e);
        }
    }

    /** Where the training loop's inputs come from. */
    enum Mode {
        /** The whole backbone is frozen: its features of every view are cached, only the head runs. */
        FEATURES,
        /**
         * Leading stages are frozen: their outputs (and taps) for every view are cached, the later
         * stages and the head run every step.
         */
        PREFIX,
        /** Images every step (full fine-tuning, random augmentation, or the cache switched off). */
        IMAGES
    }

    /** What the loop needs from the run for its two phases (head warm-up, then training). */
    interface Phases {
        /**
         * Optimiser settings of the head warm-up (linear probe).
         *
         * @param steps its optimiser steps
         * @return the config
         */
        DefaultTrainingConfig probe(int steps);

        /**
         * Optimiser settings of the main phase.
         *
         * @param steps its optimiser steps
         * @param probed true when a head warm-up ran before
         * @return the config
         */
        DefaultTrainingConfig train(int steps, boolean probed);

        /** Freezes everything but the head. */
        void freezeForProbe();

        /** Restores the run's freeze plan. */
        void freezeForTraining();
    }

    private final Recipe recipe;
    private final LoadedNet net;
    private final Path backboneDir;
    private final DatasetSplit split;
    private final RunFolder run;
    private final EventSink sink;
    private final StopSignal stop;
    private final Mode mode;
    private final int prefixStages;
    private final Phases phases;
    private final boolean backboneTrains;

    TrainingLoop(Recipe recipe, LoadedNet net, Path backboneDir, DatasetSplit split, RunFolder run, EventSink sink,
            StopSignal stop, Mode mode, int prefixStages, Phases phases, boolean backboneTrains) {
        this.recipe = recipe;
        this.net = net;
        this.backboneDir = backboneDir;
        this.split = split;
        this.run = run;
        this.sink = sink;
        this.stop = stop;
        this.mode = mode;
        this.prefixStages = prefixStages;
        this.phases = phases;
        this.backboneTrains = backboneTrains;
    }

    Outcome run() throws Exception {
        var spec = net.net().spec();
        int size = spec.imageSize();
        // Decoded pixels are kept (on the heap up to a share, the rest in a spill file) only where they
        // are read again: every epoch without a cache, or once per further fixed view (mirror, style
        // views) in the cached modes' pass. Kept where nothing reads them again, they cost 150 KB per
        // image at 224 px of heap or disk writes for nothing (4.5 GB at 30,000 images).
        boolean everyEpoch = mode == Mode.IMAGES;
        boolean viewsReread = recipe.mirror() || recipe.views() > 0;
        long trainBudget = everyEpoch || viewsReread ? MemoryBudget.heapShare(MemoryBudget.TRAIN_PIXELS) : 0;
        long valBudget = everyEpoch ? MemoryBudget.heapShare(MemoryBudget.VALIDATION_PIXELS) : 0;
        Path trainSpill = everyEpoch || viewsReread ? run.dir() : null;
        Path valSpill = everyEpoch ? run.dir() : null;
        Map<String, Double> metrics = new LinkedHashMap<>();
        List<FeatureCache> caches = new ArrayList<>();
        TappedBackbone tapped = net.net().backbone() instanceof TappedBackbone t ? t : null;
        try (ImageStore train = new ImageStore(split.train(), size, spec.mean(), spec.std(), trainBudget, trainSpill);
                ImageStore val = new ImageStore(split.validation(), size, spec.mean(), spec.std(), valBudget,
                        valSpill)) {
            train.setViews(recipe.mirror(), recipe.views(), recipe.seed());
            int views = train.viewCount();
            int n = train.size();
            boolean headOnly = mode == Mode.FEATURES;
            Batches trainIn;
            Batches valIn;
            long t0 = System.nanoTime();
            // the style views' early feature statistics are re-drawn while they are cached (DSU)
            StatisticsNoise noise = tapped != null && recipe.featureNoise() > 0 && recipe.views() > 0
                    ? new StatisticsNoise(tapped, recipe.featureNoise(), recipe.seed(), n, train.firstStyleView())
                    : null;
            if (mode == Mode.FEATURES) {
                FeatureCache[] f = fill(train, val, views, "features", (ps, x, start, trainView) -> noise != null
                        && trainView ? tapped.features(ps, x, noise.forRecords(start))
                        : net.net().backbone().forward(ps, x, false).singletonOrThrow(), spec.featureSize(), caches);
                trainIn = Batches.cached(f[0], null);
                valIn = f[1] == null ? null : Batches.cached(f[1], null);
                metrics.put("featureCacheSeconds", (System.nanoTime() - t0) / 1e9);
            } else if (mode == Mode.PREFIX) {
                long[] shape = prefixShape(tapped, size);
                int activation = (int) (shape[0] * shape[1] * shape[2]);
                int width = activation + (int) shape[3];
                FeatureCache[] f = fill(train, val, views, "outputs of the frozen stages", (ps, x, start, trainView) -> {
                    NDList out = tapped.forwardPrefix(ps, x, prefixStages,
                            noise != null && trainView ? noise.forRecords(start) : null);
                    NDArray a = out.get(0).reshape(out.get(0).getShape().get(0), activation);
                    return shape[3] == 0 ? a : a.concat(out.get(1), 1);
                }, width, caches);
                BiFunction<NDManager, NDArray, NDList> unpack = (m, rows) -> {
                    long k = rows.getShape().get(0);
                    NDArray a = rows.get(":, 0:" + activation).reshape(k, shape[0], shape[1], shape[2]);
                    NDArray taps = shape[3] == 0 ? m.zeros(new Shape(k, 0)) : rows.get(":, " + activation + ":");
                    return new NDList(a, taps);
                };
                tapped.resumeAt(prefixStages);
                trainIn = Batches.cached(f[0], unpack);
                valIn = f[1] == null ? null : Batches.cached(f[1], unpack);
                metrics.put("prefixCacheSeconds", (System.nanoTime() - t0) / 1e9);
                metrics.put("prefixStages", (double) prefixStages);
            } else {
                trainIn = Batches.images(train, size, recipe.mirror());
                valIn = Batches.images(val, size, recipe.mirror());
            }
            if (val.size() == 0) {
                valIn = null;
            }
            boolean probed = false;
            Evaluation warmUp = null;
            if (backboneTrains && recipe.probeEpochs() > 0) {
                WarmUp w = new WarmUp(recipe, net, backboneDir, run, sink, stop, phases);
                w.train(train, views, trainIn, metrics);
                probed = true;
                warmUp = w.validateAndSave(val, valIn);
            }
            int samples = EpochOrder.samplesPerEpoch(recipe, n, headOnly);
            int steps = recipe.epochs() * ((samples + recipe.batchSize() - 1) / recipe.batchSize());
            try (Trainer trainer = net.model().newTrainer(phases.train(steps, probed))) {
                trainer.initialize(new Shape(1, 3, size, size));
                return epochs(trainer, train, val, trainIn, valIn, views, headOnly, metrics).withWarmUp(warmUp);
            }
        } finally {
            for (FeatureCache c : caches) {
                c.close();
            }
            if (tapped != null) {
                tapped.resumeAt(-1);
            }
        }
    }

    /** {C, H, W, prefix tap width} of the frozen prefix's output. */
    private long[] prefixShape(TappedBackbone tapped, int size) {
        try (NDManager m = net.model().getNDManager().newSubManager()) {
            NDList out = tapped.forwardPrefix(new ParameterStore(m, false),
                    new NDList(m.zeros(new Shape(1, 3, size, size))), prefixStages);
            Shape a = out.get(0).getShape();
            return new long[] {a.get(1), a.get(2), a.get(3), out.get(1).getShape().get(1)};
        }
    }

    /** The frozen part of the network, run on training views (true) or validation images (false). */
    private interface SplitForward {
        NDArray run(ParameterStore ps, NDList input, int start, boolean trainView);
    }

    private FeatureCache[] fill(ImageStore train, ImageStore val, int views, String of, SplitForward forward,
            int width, List<FeatureCache> caches) throws Exception {
        int trainPasses = train.size() * views;
        int total = trainPasses + val.size();
        String what = String.format(Locale.ROOT, "%s of %d training images%s + %d validation images, computed once",
                of, train.size(), views == 1 ? "" : " × " + views + " views", val.size());
        NDManager root = net.model().getNDManager();
        CachingProgress progress = new CachingProgress(sink, what, total);
        int size = net.net().spec().imageSize();
        FeatureCache trainCache = FeatureCache.compute(FeatureCache.views(train, size, views),
                (ps, x, start) -> forward.run(ps, x, start, true), width, root,
                OncePass.BATCH, run.dir(), stop, progress::update);
        caches.add(trainCache);
        FeatureCache valCache = null;
        if (val.size() > 0) {
            valCache = FeatureCache.compute(FeatureCache.views(val, size, 1), (ps, x, start) -> forward.run(ps, x,
                    start, false), width, root, OncePass.BATCH,
                    run.dir(), stop, (done, t) -> progress.update(trainPasses + done, total));
            caches.add(valCache);
        }
        return new FeatureCache[] {trainCache, valCache};
    }

    static NDArray labels(NDManager manager, ImageStore store, int[] records) {
        int[] y = new int[records.length];
        for (int i = 0; i < records.length; i++) {
            y[i] = store.label(records[i] % store.size());
        }
        return manager.create(y);
    }

    private Outcome epochs(Trainer trainer, ImageStore train, ImageStore val, Batches trainIn, Batches valIn,
            int views, boolean headOnly, Map<String, Double> metrics) throws Exception {
        int bs = recipe.batchSize();
        int n = train.size();
        int samples = EpochOrder.samplesPerEpoch(recipe, n, headOnly);
        int epochs = recipe.epochs();
        int batches = (samples + bs - 1) / bs;
        NDManager root = net.model().getNDManager();
        double accuracy = Double.NaN;
        Evaluation evaluation = null;
        double trainSeconds = 0;
        double epochsSeconds = 0;
        long trainedImages = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            int[] order = EpochOrder.of(recipe, n, views, headOnly, epoch);
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
                    return new Outcome(stop.reason(), epoch - 1, accuracy, evaluation, metrics, null);
                }
                CoreShare.worker().adjust();
                int from = b * bs;
                int[] idx = java.util.Arrays.copyOfRange(order, from, Math.min(samples, from + bs));
                double[] lossAcc = new double[2];
                try (NDManager m = root.newSubManager()) {
                    NDList x = trainIn.input(m, idx, aug);
                    NDArray y = labels(m, train, idx);
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
                epochEvaluation = Validation.run(net, val, valIn, recipe.batchSize(), stop, loss);
                valLoss = loss[0];
            } catch (StoppedException e) {
                // stopped while validating: this epoch's weights are kept, but unvalidated
                checkpoint(epoch, true, null);
                metrics.put("imagesPerSecond", (trainedImages + seen) / Math.max(trainSeconds + epochSeconds, 1e-9));
                return new Outcome(stop.reason(), epoch - 1, accuracy, evaluation, metrics, null);
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
        return new Outcome(null, epochs, accuracy, evaluation, metrics, null);
    }

    private void checkpoint(int epoch, boolean partial, Evaluation evaluation) throws java.io.IOException {
        Path dir = run.checkpoint(epoch, partial);
        ModelExporter.export(net, backboneDir, dir, evaluation == null ? null : Json.PRETTY.toJson(evaluation));
        sink.accept(new RunEvent.Checkpoint(epoch, dir.toString(), partial));
        if (recipe.keepCheckpoints() > 0) {
            Checkpoints.prune(run.checkpoints(), recipe.keepCheckpoints());
        }
    }
}
