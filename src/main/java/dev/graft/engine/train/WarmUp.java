package dev.graft.engine.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.Trainer;
import dev.graft.core.eval.Evaluation;
import dev.graft.core.run.EventSink;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RunFolder;
import dev.graft.core.run.StopSignal;
import dev.graft.core.util.Json;
import dev.graft.engine.export.ModelExporter;
import dev.graft.engine.image.ImageRejectedException;
import dev.graft.engine.net.LoadedNet;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The head warm-up of a run whose backbone layers train: the new head alone on the features of
 * every fixed view, then validated and kept as the run's fallback model ({@link PublishedModel}).
 */
final class WarmUp {

    private final Recipe recipe;
    private final LoadedNet net;
    private final Path backboneDir;
    private final RunFolder run;
    private final EventSink sink;
    private final StopSignal stop;
    private final TrainingLoop.Phases phases;

    WarmUp(Recipe recipe, LoadedNet net, Path backboneDir, RunFolder run, EventSink sink, StopSignal stop,
            TrainingLoop.Phases phases) {
        this.recipe = recipe;
        this.net = net;
        this.backboneDir = backboneDir;
        this.run = run;
        this.sink = sink;
        this.stop = stop;
        this.phases = phases;
    }

    /**
     * Linear probe before fine-tuning (LP-FT, Kumar et al. 2022): the new head first learns on
     * the features of every view with the backbone frozen, so the stages that then train start
     * from a head that already fits instead of being pushed around by a random one. It trains
     * exactly as head-only training does (same features, order, schedule and seed), so with
     * {@code probeEpochs == epochs} the warm-up is the head-only model, and publishing it when
     * fine-tuning does worse ({@link PublishedModel}) keeps every freeze choice at least as good
     * as head-only on validation.
     */
    void train(ImageStore train, int views, Batches trainIn, Map<String, Double> metrics) throws Exception {
        long t0 = System.nanoTime();
        int n = train.size();
        int total = n * views;
        String what = String.format(Locale.ROOT, "head warm-up: features of %d training images × %d views,"
                + " computed once", n, views);
        CachingProgress progress = new CachingProgress(sink, what, total);
        FeatureCache.Inputs source = new FeatureCache.Inputs() {
            @Override
            public int size() {
                return total;
            }

            @Override
            public NDList get(NDManager m, int start, int k) throws ImageRejectedException {
                int[] idx = new int[k];
                for (int i = 0; i < k; i++) {
                    idx[i] = start + i;
                }
                try {
                    return trainIn.input(m, idx, null);
                } catch (ImageRejectedException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        FeatureCache features = FeatureCache.compute(source, (ps, x, start) -> net.net().backbone()
                .forward(ps, x, false).singletonOrThrow(), net.net().spec().featureSize(), net.model().getNDManager(),
                OncePass.BATCH, run.dir(), stop,
                progress);
        try {
            Batches in = Batches.cached(features, null);
            int bs = recipe.batchSize();
            int steps = recipe.probeEpochs() * ((total + bs - 1) / bs);
            phases.freezeForProbe();
            // its epochs are cheap but not free: 30 of them over 48,000 cached views take minutes
            CachingProgress epochs = new CachingProgress(sink, String.format(Locale.ROOT, "head warm-up, the new head"
                    + " alone on the cached features for %d epochs (images × epochs)", recipe.probeEpochs()),
                    total * recipe.probeEpochs());
            try (Trainer trainer = net.model().newTrainer(phases.probe(steps))) {
                trainer.initialize(new Shape(1, 3, net.net().spec().imageSize(), net.net().spec().imageSize()));
                NDManager root = net.model().getNDManager();
                for (int epoch = 1; epoch <= recipe.probeEpochs(); epoch++) {
                    stop.check();
                    // the order head-only training uses: the warm-up is the head-only model
                    int[] order = EpochOrder.of(recipe, n, views, true, epoch);
                    for (int from = 0; from < total; from += bs) {
                        CoreShare.worker().adjust();
                        int[] idx = java.util.Arrays.copyOfRange(order, from, Math.min(total, from + bs));
                        try (NDManager m = root.newSubManager()) {
                            FineTuner.backward(trainer, in.input(m, idx, null), TrainingLoop.labels(m, train, idx),
                                    new double[2]);
                            trainer.step();
                        }
                    }
                    epochs.update(epoch * total, 0);
                }
            } finally {
                phases.freezeForTraining();
            }
        } finally {
            features.close();
        }
        metrics.put("probeSeconds", (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Validates the warmed-up model (new head, pretrained backbone) and saves it as a checkpoint:
     * the run publishes it instead of the fine-tuned model when fine-tuning does worse on
     * validation, so training backbone layers never leaves the user below head-only training.
     *
     * @return its evaluation, null without a validation split (then nothing can be compared)
     */
    Evaluation validateAndSave(ImageStore val, Batches valIn) throws Exception {
        if (valIn == null) {
            return null;
        }
        Evaluation e = Validation.run(net, val, valIn, recipe.batchSize(), stop, new double[1]);
        ModelExporter.export(net, backboneDir, run.warmUpCheckpoint(), Json.PRETTY.toJson(e));
        return e;
    }
}
