package dev.graft.engine.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.DatasetSplit;
import dev.graft.core.data.DatasetWarnings;
import dev.graft.core.eval.Evaluation;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.model.FreezePlan;
import dev.graft.core.model.TrainingScope;
import dev.graft.core.run.EventSink;
import dev.graft.core.run.Failures;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunOutcome;
import dev.graft.core.run.RunFolder;
import dev.graft.core.run.RunSpeeds;
import dev.graft.core.run.RunStatus;
import dev.graft.core.run.StopSignal;
import dev.graft.core.run.StoppedException;
import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import dev.graft.engine.Devices;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.catalogue.ModelSource;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.engine.eval.Evaluator;
import dev.graft.engine.eval.ModelCalibrator;
import dev.graft.engine.export.ModelExporter;
import dev.graft.engine.net.FeatureTaps;
import dev.graft.engine.net.HeadContinuation;
import dev.graft.engine.net.FreezeApplier;
import dev.graft.engine.net.GraftNet;
import dev.graft.engine.net.LayerRegistry;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import dev.graft.engine.net.TappedBackbone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * One training run, start to finish: scan and split the data, build the network from the chosen
 * model with a new head, freeze as asked, train (from cached backbone features when the whole
 * backbone is frozen and nothing is augmented), validate and checkpoint every epoch, then publish
 * the last completed epoch as the run's model with its evaluation. Every step is reported to the
 * {@link EventSink}; a stop is honoured in every phase and always ends the run as "stopped".
 */
public final class FineTuner {

    private final Recipe recipe;
    private final RunFolder run;
    private final EventSink sink;
    private final StopSignal stop;
    private final String name;

    /**
     * Prepares a run.
     *
     * @param recipe what to do (valid: see {@link Recipe#requireValid()})
     * @param run the run folder, claimed for this run ({@link dev.graft.core.run.RunClaim})
     * @param name the run's name
     * @param sink receives every event
     * @param stop a stop ends the run as "stopped" within a batch or a chunk of images
     */
    public FineTuner(Recipe recipe, RunFolder run, String name, EventSink sink, StopSignal stop) {
        this.recipe = recipe;
        this.run = run;
        this.name = name;
        this.sink = sink;
        this.stop = stop;
    }

    /**
     * Runs training.
     *
     * @return the finished event (status {@code completed} or {@code stopped})
     * @throws Exception with a message for the user when the run cannot proceed
     */
    public RunEvent.Finished run() throws Exception {
        EventLog opened;
        try {
            opened = EventLog.open(run);
        } catch (java.io.IOException | RuntimeException e) {
            sink.accept(new RunEvent.Failed("Cannot write the run folder " + run.dir() + ": " + Failures.describe(e),
                    "choose another run folder"));
            throw e;
        }
        long started = System.nanoTime();
        SpeedRecorder speeds = new SpeedRecorder(started);
        try (EventLog log = opened) {
            EventSink all = log.and(sink).and(speeds);
            try {
                RunEvent.Finished finished = run(all, started);
                RunStatus.write(run, RunStatus.of(finished));
                remember(speeds);
                return finished;
            } catch (StoppedException e) {
                // stopped before the first batch (scan, model loading, feature caching): nothing trained
                RunEvent.Finished finished = new RunEvent.Finished(RunOutcome.STOPPED, 0, null, null, null,
                        run.dir().toString(), (System.nanoTime() - started) / 1e9, Map.of(), e.getMessage());
                all.accept(finished);
                RunStatus.write(run, RunStatus.of(finished));
                return finished;
            } catch (Exception | OutOfMemoryError e) {
                RunEvent.Failed failed = new RunEvent.Failed(Failures.describe(e), Failures.hint(e, recipe));
                all.accept(failed);
                RunStatus.write(run, RunStatus.failed(failed.cause(), failed.hint()));
                throw e;
            }
        }
    }

    /** Remembers how fast this recipe ran, for the next run's estimate; never fails the run. */
    private void remember(SpeedRecorder speeds) {
        if (speeds.speed() == null) {
            return;
        }
        try {
            RunSpeeds.user().record(recipe, speeds.speed());
        } catch (java.io.IOException | RuntimeException e) {
            System.getLogger(FineTuner.class.getName()).log(System.Logger.Level.DEBUG,
                    "speeds not remembered: " + Failures.describe(e));
        }
    }

    private RunEvent.Finished run(EventSink sink, long started) throws Exception {
        AtomicFiles.writeString(run.recipe(), Json.PRETTY.toJson(recipe));
        DatasetScan scan = new DatasetScanner().scan(Path.of(recipe.data()), stop);
        // checked first: a folder that is not a dataset at all would list every file as skipped
        DatasetScanner.requireTrainable(scan);
        scan.skipped().forEach(s -> sink.accept(new RunEvent.Warning("skipped file", s.file().toString(), s.reason())));
        DatasetSplit split = DatasetSplit.stratified(scan, recipe.valFraction(), recipe.seed());
        DatasetWarnings.check(scan, split, recipe.imageSize()).forEach(w -> sink.accept(new RunEvent.Warning(w, null, null)));
        AtomicFiles.writeString(run.dataset(), Json.PRETTY.toJson(DatasetSummary.of(scan, split)));
        stop.check();

        Engine.getEngine("PyTorch").setRandomSeed((int) recipe.seed());
        Devices.Choice choice = Devices.resolve(recipe.device(), Devices.gpuCount());
        Device device = choice.device();
        ModelSource base = ModelCatalogue.resolve(recipe.model(), recipe.imageSize());
        ArchitectureSpec tapped = FeatureTaps.apply(base.spec(), base.dir(), recipe.features());
        ArchitectureSpec spec = tapped.withHead(scan.classes(),
                HeadContinuation.hidden(base.spec(), base instanceof dev.graft.engine.catalogue.FolderModel, tapped, scan.classes(), recipe.headHidden()), recipe.dropout(),
                recipe.imageSize());
        if (HeadContinuation.applies(base.spec(), spec)) {
            sink.accept(new RunEvent.Warning(HeadContinuation.describe(base.spec().classes(), spec.classes()), null,
                    null));
        }
        try (LoadedNet net = NetLoader.create(spec, base.dir(), device, null)) {
            initialise(net, base, spec, device);
            GraftNet g = net.net();
            List<String> paths = g.layers().layers().stream().map(LayerRegistry.Layer::path).toList();
            FreezePlan plan = FreezePlan.resolve(paths, g.stages(), recipe.freeze(), recipe.trainLast(),
                    g.backboneRunsAsOneModule());
            boolean frozenStatistics = "frozen".equals(recipe.bnStatistics());
            FreezeApplier.apply(g, plan, frozenStatistics);
            long[] counts = FreezeApplier.count(g, plan);
            boolean backboneFrozen = paths.stream().filter(p -> !FreezePlan.under(p, GraftNet.HEAD))
                    .allMatch(plan::isFrozen);
            int prefix = g.backbone() instanceof TappedBackbone ? OncePass.prefixStages(g, paths, plan) : 0;
            boolean fixedViews = !recipe.augment() && recipe.featureCache();
            TrainingLoop.Mode mode = backboneFrozen && fixedViews ? TrainingLoop.Mode.FEATURES
                    : !backboneFrozen && fixedViews && prefix > 0 ? TrainingLoop.Mode.PREFIX
                    : TrainingLoop.Mode.IMAGES;
            boolean cache = mode == TrainingLoop.Mode.FEATURES;
            // the first line says what trains in which phase, then what is computed only once
            String scope = TrainingScope.of(paths, g.stages(), plan, recipe.probeEpochs(), recipe.epochs()).sentence();
            String note = scope + (cache ? " The backbone's features are computed once and cached."
                    : backboneFrozen && recipe.augment() ? " Augmentation changes every image each epoch, so the"
                            + " feature cache is bypassed and the frozen backbone runs every epoch."
                    : backboneFrozen ? " Feature cache switched off: the frozen backbone runs every epoch."
                    : mode == TrainingLoop.Mode.PREFIX ? " The outputs of " + g.stages().get(0)
                            + (prefix > 1 ? "–" + g.stages().get(prefix - 1) : "") + " are computed once and cached."
                    : " No feature cache: the backbone runs every epoch.");
            if (backboneFrozen && recipe.augment()) {
                sink.accept(new RunEvent.Warning(note, null, null));
            }
            sink.accept(new RunEvent.RunStarted(run.dir().toString(), name, Json.COMPACT.toJsonTree(recipe),
                    scan.classes(), split.train().size(), split.validation().size(), scan.skipped().size(),
                    Devices.describe(choice), counts[0], counts[1], cache, note));
            stop.check();
            FreezePlan headOnly = FreezePlan.resolve(paths, g.stages(), "backbone", null, g.backboneRunsAsOneModule());
            TrainingLoop.Phases phases = new TrainingLoop.Phases() {
                @Override
                public DefaultTrainingConfig probe(int steps) {
                    return config(device, LearningRates.of(recipe, g, steps), split, spec);
                }

                @Override
                public DefaultTrainingConfig train(int steps, boolean probed) {
                    return config(device, LearningRates.of(recipe, g, steps, probed ? headScaleAfterProbe() : 1f),
                            split, spec);
                }

                @Override
                public void freezeForProbe() {
                    FreezeApplier.apply(g, headOnly, frozenStatistics);
                }

                @Override
                public void freezeForTraining() {
                    FreezeApplier.apply(g, plan, frozenStatistics);
                }
            };
            TrainingLoop loop = new TrainingLoop(recipe, net, base.dir(), split, run, sink, stop, mode, prefix,
                    phases, !backboneFrozen);
            TrainingLoop.Outcome outcome = loop.run();
            String modelDir = null;
            Map<String, Double> metrics = new LinkedHashMap<>(outcome.metrics());
            Evaluation published = outcome.evaluation();
            Double trainAccuracy = outcome.epochsCompleted() > 0 ? outcome.accuracy() : null;
            if (outcome.epochsCompleted() > 0) {
                // the run's model is its last completed epoch (or the warm-up, when that did better):
                // after a stop mid-epoch the partial weights stay a checkpoint, and every number
                // shown describes the model published
                Path source = run.checkpoint(outcome.epochsCompleted(), false);
                if (PublishedModel.warmUpWins(outcome.warmUp(), outcome.evaluation())) {
                    sink.accept(new RunEvent.Warning(PublishedModel.warning(outcome.warmUp(), outcome.evaluation(),
                            outcome.epochsCompleted()), null, null));
                    source = run.warmUpCheckpoint();
                    published = outcome.warmUp();
                    trainAccuracy = null; // the warm-up's accuracy on training images is not measured
                    metrics.put(RunEvent.Finished.WARM_UP_PUBLISHED, 1.0);
                }
                ModelExporter.publishCopy(source, run.model());
                modelDir = run.model().toString();
                if (published != null) {
                    published = calibrate(published, split, scan.classes(), sink);
                    AtomicFiles.writeString(run.evaluation(), Json.PRETTY.toJson(published));
                }
            }
            if (outcome.warmUp() != null) {
                metrics.put(RunEvent.Finished.WARM_UP_VAL_ACCURACY, outcome.warmUp().accuracy());
            }
            metrics.put("trainableParameters", (double) counts[1]);
            boolean stopped = outcome.stopReason() != null;
            RunEvent.Finished finished = new RunEvent.Finished(
                    stopped ? RunOutcome.STOPPED : RunOutcome.COMPLETED, outcome.epochsCompleted(),
                    trainAccuracy, published == null ? null : published.accuracy(), modelDir,
                    run.dir().toString(), (System.nanoTime() - started) / 1e9, metrics, outcome.stopReason());
            sink.accept(finished);
            return finished;
        }
    }

    /**
     * Calibrates the published model on the validation split, so that every probability Graft
     * gives for it means what it says, and sets up its familiarity check. A failure here costs the
     * run nothing but the calibration: the model stays usable with T = 1, and a warning says why.
     *
     * @return the validation evaluation with calibrated probabilities, or the given one on failure
     */
    private Evaluation calibrate(Evaluation published, DatasetSplit split, List<String> classes, EventSink sink) {
        try {
            CachingProgress progress = new CachingProgress(sink, String.format(Locale.ROOT,
                    "calibration on %,d validation images", split.validation().size()), split.validation().size());
            return ModelCalibrator.calibrate(run.model(), split.train(), split.validation(), classes,
                    recipe.batchSize(), progress::update).evaluation();
        } catch (Exception | OutOfMemoryError e) {
            sink.accept(new RunEvent.Warning("the model could not be calibrated, so its probabilities are the"
                    + " network's own (temperature 1): " + Failures.describe(e), null, null));
            return published;
        }
    }

    /**
     * The head's learning rate after a warm-up, relative to {@code --lr}: the backbone's. After a
     * linear probe the head already fits; LP-FT (Kumar et al. 2022) fine-tunes everything with one
     * small rate, so a large head step cannot drag the pretrained features towards a noisy fit.
     */
    private float headScaleAfterProbe() {
        return recipe.backboneLrScale();
    }

    private DefaultTrainingConfig config(Device device, Tracker learningRates, DatasetSplit split,
            ArchitectureSpec spec) {
        Loss loss = "balanced".equals(recipe.classWeights())
                ? new BalancedSoftmaxCrossEntropy(split.trainCountsPerClass(spec.classes().size())) : Loss.softmaxCrossEntropyLoss();
        return new DefaultTrainingConfig(loss)
                .optOptimizer(Optimizer.adam()
                        .optLearningRateTracker(learningRates)
                        .optWeightDecays(recipe.weightDecay())
                        .build())
                .optDevices(new Device[] {device});
    }

    /**
     * Fills the new network: pretrained tensors from the base model (the head too when the classes
     * are the same, so a run can continue), or fresh random ones for {@code --init scratch}.
     */
    private void initialise(LoadedNet net, ModelSource base, ArchitectureSpec spec, Device device) throws Exception {
        boolean torchscript = ArchitectureSpec.TORCHSCRIPT.equals(spec.architecture());
        if ("scratch".equals(recipe.init())) {
            if (torchscript) {
                Reinitialiser.randomise(net.net(), new Random(recipe.seed()));
            }
            return; // Graft's own architectures were just built with random initialisers
        }
        boolean sameHead = base.spec().classes().equals(spec.classes())
                && base.spec().headHidden().equals(spec.headHidden());
        if (torchscript && !sameHead) {
            return; // the backbone was just loaded from the TorchScript file itself
        }
        boolean continued = HeadContinuation.applies(base.spec(), spec);
        try (LoadedNet source = base.load(device)) {
            Map<String, Parameter> from = source.net().layers().tensors();
            for (Map.Entry<String, Parameter> e : net.net().layers().tensors().entrySet()) {
                if (!sameHead && FreezePlan.under(e.getKey(), GraftNet.HEAD)) {
                    Parameter old = from.get(e.getKey());
                    if (continued && old != null) {
                        HeadContinuation.copy(e.getKey(), old.getArray(), e.getValue().getArray(),
                                base.spec().classes(), spec.classes());
                    }
                    continue;
                }
                Parameter src = from.get(e.getKey());
                NDArray target = e.getValue().getArray();
                if (src == null || !src.getArray().getShape().equals(target.getShape())) {
                    throw new IllegalStateException("Pretrained model " + base.describe() + " has no tensor "
                            + e.getKey() + " of shape " + target.getShape());
                }
                target.set(src.getArray().toByteBuffer());
            }
        }
    }

    /**
     * The images of a split by file name, for {@code dataset.json}.
     *
     * @param classes class names
     * @param counts usable images per class
     * @param train training files
     * @param validation validation files
     * @param skipped skipped files with reasons
     */
    record DatasetSummary(List<String> classes, int[] counts, List<String> train, List<String> validation,
            List<String> skipped) {
        static DatasetSummary of(DatasetScan scan, DatasetSplit split) {
            List<String> skipped = new ArrayList<>();
            scan.skipped().forEach(s -> skipped.add(s.file() + ": " + s.reason()));
            return new DatasetSummary(scan.classes(), scan.countsPerClass(),
                    split.train().stream().map(i -> i.file().toString()).toList(),
                    split.validation().stream().map(i -> i.file().toString()).toList(), skipped);
        }
    }

    static void backward(Trainer trainer, NDList x, NDArray y, double[] lossAcc) {
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDList pred = trainer.forward(x);
            NDArray loss = trainer.getLoss().evaluate(new NDList(y), pred);
            gc.backward(loss);
            lossAcc[0] = loss.getFloat();
            lossAcc[1] = pred.singletonOrThrow().argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false)
                    .eq(y.toType(ai.djl.ndarray.types.DataType.INT32, false))
                    .toType(ai.djl.ndarray.types.DataType.INT64, false).sum().getLong();
        }
    }
}
