package dev.graft.ui.shell;

import dev.graft.core.run.Failures;
import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.HealthReport;
import dev.graft.core.model.CatalogueEntry;
import dev.graft.core.model.FreezeException;
import dev.graft.core.model.TrainingScope;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeField;
import dev.graft.core.run.RunCheckpoints;
import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunFolderException;
import dev.graft.core.run.RunNames;
import dev.graft.core.run.RunRecord;
import dev.graft.core.run.RunRecords;
import dev.graft.core.run.RunSpeeds;
import dev.graft.ui.common.Background;
import dev.graft.ui.common.Latest;
import dev.graft.ui.common.Messages;
import dev.graft.ui.dataset.DatasetViewModel;
import dev.graft.ui.engine.EngineViewModel;
import dev.graft.ui.history.HistoryViewModel;
import dev.graft.ui.labelling.LabellingViewModel;
import dev.graft.ui.labelling.Predictor;
import dev.graft.ui.layers.LayerTreeViewModel;
import dev.graft.ui.models.ModelBrowserViewModel;
import dev.graft.ui.results.ResultsViewModel;
import dev.graft.ui.tryout.Explainers;
import dev.graft.ui.tryout.TryViewModel;
import dev.graft.ui.training.RecipeViewModel;
import dev.graft.ui.training.RunState;
import dev.graft.ui.training.TrainingLauncher;
import dev.graft.ui.training.TrainingMessages;
import dev.graft.ui.training.TrainingViewModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The workbench as a whole, without a toolkit: which model and dataset are open, whether Train is
 * possible and if not why (in full), what the status bar says, and which run the results show.
 * Each fact has one owner here; the controllers only bind to it.
 *
 * <p>Whether Train is possible is decided by {@link TrainBlocker}, the model's layer tree is loaded
 * by {@link ModelPreview}, and the open dataset is watched for outside changes by
 * {@link DatasetWatch}; this class wires the panels together and acts on what the user asks.
 */
public final class WorkbenchViewModel {

    private final WorkbenchServices services;
    private final EngineViewModel engine;
    private final ModelBrowserViewModel models;
    private final LayerTreeViewModel layers = new LayerTreeViewModel();
    private final DatasetViewModel dataset;
    private final RecipeViewModel recipe = new RecipeViewModel();
    /** Finds the run a dataset showed last time (set by the window's session). */
    private java.util.function.Function<Path, Path> rememberedRun = dataset -> null;
    /** The run whose recipe "Train again" loaded, while its model's tree loads; null otherwise. */
    private String pendingAgain;
    private final TrainingViewModel training;
    private final ResultsViewModel results;
    private final HistoryViewModel history;
    /** The model Try and the mistakes' heat maps explain with (one open at a time). */
    private final Explainers explainers = new Explainers();
    private final TryViewModel tryout;
    /** Heat maps on request (Results' mistakes, the Label tab's inbox), with the one model above. */
    private final dev.graft.ui.tryout.HeatMaps heatMaps;
    private final dev.graft.ui.results.MistakeHeatMaps mistakeHeatMaps;
    private final LabellingViewModel labelling;
    private final Predictor predictor;
    private final DatasetWatch watch;
    private final ModelPreview preview;
    private final Latest showing;
    private static final String CANNOT_TRAIN = "Cannot train yet: ";
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Starting …");
    private final javafx.beans.property.ReadOnlyLongWrapper resultsRequested =
            new javafx.beans.property.ReadOnlyLongWrapper();
    private final ReadOnlyStringWrapper engineStatus = new ReadOnlyStringWrapper("Starting the engine …");
    private final TrainBlocker trainBlocker;
    private final RunEstimate estimate;
    /** The dataset folder whose summary the status bar last announced. */
    private Path announced;

    /**
     * Creates the workbench.
     *
     * @param services engine and file-system access
     * @param catalogue the model catalogue
     * @param background where slow work runs
     * @param launcher starts training processes
     * @param engine the Engine panel (libtorch setting, GPUs, device choices)
     */
    public WorkbenchViewModel(WorkbenchServices services, List<CatalogueEntry> catalogue, Background background,
            TrainingLauncher launcher, EngineViewModel engine) {
        this.services = services;
        this.engine = engine;
        this.models = new ModelBrowserViewModel(catalogue);
        this.dataset = new DatasetViewModel(background);
        this.training = new TrainingViewModel(launcher);
        this.results = new ResultsViewModel(background);
        this.history = new HistoryViewModel(background, services::runsOf);
        this.tryout = new TryViewModel(background, explainers, history.runs(),
                dev.graft.core.run.RunLocations.dataHome().resolve("pasted"));
        this.heatMaps = new dev.graft.ui.tryout.HeatMaps(background, explainers);
        this.mistakeHeatMaps = new dev.graft.ui.results.MistakeHeatMaps(heatMaps, results.runProperty()::get);
        this.predictor = services.predictor();
        this.labelling = new LabellingViewModel(background, services::labeller, predictor, this::say,
                dataset.scanProperty(), dataset::refreshIfChanged);
        // the run the results show pre-sorts the inbox; its mistakes can be relabelled and retrained on
        results.runProperty().addListener((o, a, r) -> labelling.setModel(r != null && r.hasModel() ? r.dir() : null,
                r == null ? null : r.name()));
        results.connect((file, cls) -> labelling.relabel(List.of(file), cls), this::train);
        results.connect(new ResultsViewModel.RunActions() {
            @Override
            public void resume(RunRecord run, RunCheckpoints.Saved from) {
                WorkbenchViewModel.this.resume(run, from);
            }

            @Override
            public void retry(RunRecord run) {
                trainAgain(run);
            }

            @Override
            public void shown(RunRecord run) {
                showRun(run.dir());
                history.refresh();
                say("Run '" + run.name() + "' now has a model: " + HistoryViewModel.outcome(run));
            }
        });
        // until a run is shown, the dataset's newest run with a model pre-sorts: a user who comes
        // back to label more should not have to find a run in History first
        history.runs().addListener((javafx.collections.ListChangeListener<RunRecord>) c -> {
            if (results.runProperty().get() == null) {
                RunRecord newest = history.runs().stream().filter(RunRecord::hasModel).findFirst().orElse(null);
                labelling.setModel(newest == null ? null : newest.dir(), newest == null ? null : newest.name());
                showRememberedRun();
            }
        });
        // a run on another dataset keeps Train busy: History says so instead of "press Train"
        history.trainingElsewhereProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            String runDataset = training.datasetProperty().get();
            Path open = dataset.folderProperty().get();
            boolean elsewhere = training.busyProperty().get() && runDataset != null && open != null
                    && !runDataset.equals(String.valueOf(open.getFileName()));
            return elsewhere ? "run '" + training.runNameProperty().get() + "' is training on dataset " + runDataset
                    + " (Train tab); Train is free again when it ends." : "";
        }, training.busyProperty(), training.datasetProperty(), training.runNameProperty(), dataset.folderProperty()));
        this.watch = new DatasetWatch(background, dataset, labelling, this::say);
        this.preview = new ModelPreview(services, background, models, dataset, recipe, layers, this::say);
        this.showing = new Latest(background);
        trainBlocker = new TrainBlocker(training, dataset, models, layers, recipe, preview);
        estimate = new RunEstimate(dataset, models, layers, recipe, training, RunSpeeds.user());
        models.selectedProperty().addListener((o, a, b) -> loadPreview());
        preview.loadingProperty().addListener((o, a, loading) -> {
            if (!loading) {
                startWhenReady();
            }
        });
        dataset.scanProperty().addListener((o, a, scan) -> datasetChanged(scan));
        // an undone relabelling (Ctrl+Z) shows as a mistake again in Results
        dataset.scanProperty().addListener((o, a, scan) -> results.forgetUndone());
        dataset.errorProperty().addListener((o, a, error) -> {
            if (error != null) {
                say("Dataset " + dataset.folderProperty().get() + ": " + error);
            }
        });
        training.stateProperty().addListener((o, a, s) -> runStateChanged(s));
        // while a run trains, the model, layer choice and recipe on screen are the ones it trains with
        layers.lockedProperty().bind(training.busyProperty());
        models.lockedProperty().bind(training.busyProperty());
        results.trainingBusyProperty().bind(training.busyProperty());
        // "Cannot train yet: <reason>" must not stay in the status bar once the reason is gone
        trainBlocker.reason().addListener((o, before, now) -> {
            if (before != null && status.get().equals(CANNOT_TRAIN + before)) {
                say(now == null ? "Ready to train: press Train (Ctrl+Enter)" : CANNOT_TRAIN + now);
            }
        });
    }

    /** Builds the selected model's layer tree for the open dataset's classes (newest request wins). */
    void loadPreview() {
        preview.load();
    }

    /**
     * Opens a dataset folder.
     *
     * @param dir the folder
     */
    public void openDataset(Path dir) {
        Path before = dataset.folderProperty().get();
        if (before != null && !before.equals(dir)) {
            // what belonged to the old dataset must not stay on screen as if it were this one's
            results.clear("No results for " + dir.getFileName() + " yet: train a model, or pick one of its runs"
                    + " in History.");
        }
        if (before != null && !before.equals(dir)) {
            training.clear(); // the last run's curves and messages belong to the old dataset (kept while it trains)
        }
        dataset.open(dir, recipe.valFraction(), recipe.seed(), recipe.imageSize());
        labelling.open(dir);
        watch.watch(dir);
    }

    /**
     * Starts what only the real window does: finishing labelling operations a crash interrupted
     * (telling the user), and watching the open dataset for changes made by a file manager.
     */
    public void startLabelling() {
        watch.enable();
        labelling.recover(services::recover);
        watch.watch(dataset.folderProperty().get());
    }

    /** Stops watching folders and frees the model used for pre-sorting (the window closes). */
    public void shutdown() {
        watch.stop();
        explainers.close();
        if (predictor instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }

    private void datasetChanged(DatasetScan scan) {
        recipe.setMedianImageSide(scan == null ? 0 : scan.medianSide());
        history.refresh(dataset.folderProperty().get());
        if (scan != null) {
            // announced once per opened folder: a rescan after a labelling operation must not
            // overwrite what that operation just said (e.g. which dropped files were refused)
            if (!scan.root().equals(announced)) {
                announced = scan.root();
                say("Dataset " + scan.root().getFileName() + ": " + dataset.summaryProperty().get());
            }
            loadPreview();
        }
    }

    /** Starts a run with the current model, layer choice, dataset and recipe. */
    public void train() {
        String blocked = trainBlocker.reason().get();
        if (blocked != null) {
            say(CANNOT_TRAIN + blocked);
            return;
        }
        Path data = dataset.folderProperty().get();
        CatalogueEntry model = models.selectedProperty().get();
        Recipe recipe;
        TrainingScope scope;
        try {
            recipe = this.recipe.recipe(data.toString(), model.id(), layers.freezeArgument(),
                    layers.trainLastChoice());
            scope = layers.scope(recipe.probeEpochs(), recipe.epochs());
        } catch (IllegalArgumentException | FreezeException e) {
            say(CANNOT_TRAIN + e.getMessage());
            return;
        }
        String name = this.recipe.runNameProperty().get().isBlank() ? RunNames.describe(recipe, scope)
                : this.recipe.runNameProperty().get().trim();
        RunClaim claim;
        try {
            claim = services.claimRun(data, name);
        } catch (RunFolderException e) {
            say(e.getMessage());
            return;
        }
        training.start(recipe, claim, false);
        HealthReport health = dataset.reportProperty().get();
        String note = health == null ? "" : health.crossSplitTotal() > 0 ? " · note: " + health.crossSplitTotal()
                + " image(s) are in both training and validation (see the Dataset tab)"
                : !health.duplicates().isEmpty() ? " · note: the dataset has " + health.duplicates().size()
                        + " exact duplicate(s) (see the Dataset tab)" : "";
        say("Training run '" + name + "' · its folder: " + claim.folder().dir() + note);
    }

    /** Stops the running run after its current batch. */
    public void stop() {
        training.stop();
    }

    /** Retries the failed run with the safe CPU setting, into a new folder. */
    public void retrySafe() {
        Path data = dataset.folderProperty().get();
        String name = training.runNameProperty().get() + " (safe CPU)";
        try {
            training.retrySafe(services.claimRun(data, name));
        } catch (RunFolderException e) {
            say(e.getMessage());
        }
    }

    private void runStateChanged(RunState s) {
        switch (s) {
            case COMPLETED, STOPPED -> {
                RunEvent.Finished f = training.finishedProperty().get();
                say(TrainingMessages.finished(training.runNameProperty().get(), f, training.epochsProperty().get()));
                showRun(training.runDirProperty().get());
                history.refresh();
            }
            case FAILED -> {
                say(training.messageProperty().get());
                history.refresh();
            }
            default -> { }
        }
    }

    /**
     * Shows a run's results: the run and, for the comparison, the run before it on this dataset.
     *
     * @param runDir the run folder
     */
    public void showRun(Path runDir) {
        Path data = dataset.folderProperty().get();
        showing.run(() -> {
            RunRecord r = RunRecords.read(runDir);
            List<RunRecord> all = data == null ? List.of() : RunRecords.list(services.runsOf(data), data);
            RunRecord previous = null;
            boolean after = false;
            for (RunRecord candidate : all) {
                if (after && candidate.hasModel() && candidate.valAccuracy() != null) {
                    previous = candidate;
                    break;
                }
                after |= candidate.dir().equals(r.dir());
            }
            return new RunRecord[] {r, previous};
        }, pair -> results.show(pair[0], pair[1]), failure -> say("Cannot read run " + runDir + ": "
                + Failures.describe(failure)));
    }

    /**
     * Shows an earlier run's results and says so in the status bar.
     *
     * @param r the run
     */
    public void showEarlierRun(RunRecord r) {
        showRun(r.dir());
        resultsRequested.set(resultsRequested.get() + 1);
        say("Showing the results of run '" + r.name() + "' · " + HistoryViewModel.outcome(r));
    }

    /**
     * How to find the run a dataset showed last time (the window's remembered state).
     *
     * @param remembered dataset folder to run folder, or null
     */
    public void rememberShownRuns(java.util.function.Function<Path, Path> remembered) {
        this.rememberedRun = remembered;
    }

    /**
     * When Results shows nothing yet and the open dataset has runs: the run it showed last time, else
     * its newest run with a model, else its newest run. A dataset with runs never says "No results".
     */
    private void showRememberedRun() {
        List<RunRecord> runs = history.runs();
        Path open = dataset.folderProperty().get();
        if (runs.isEmpty() || open == null) {
            return;
        }
        Path remembered = rememberedRun.apply(open);
        RunRecord pick = runs.stream().filter(r -> r.dir().equals(remembered)).findFirst()
                .or(() -> runs.stream().filter(RunRecord::hasModel).findFirst()).orElse(runs.get(0));
        showRun(pick.dir());
    }

    /**
     * Trains again with an earlier run's recipe: its model, its layer choice and every recipe field
     * (also those the form does not show) are loaded, and the run starts once the model's tree is
     * ready. The recipe stays on screen, so the new run trains with exactly what is shown.
     *
     * @param r the earlier run (of the open dataset)
     */
    public void trainAgain(RunRecord r) {
        if (r.recipe() == null) {
            say("Run '" + r.name() + "' cannot be trained again: its recipe.json cannot be read.");
            return;
        }
        trainWith(r.recipe(), r.name(), "");
    }

    /**
     * Starts a new run from one of an earlier run's checkpoints, for the epochs the run had left, with
     * its recipe otherwise. The head is already trained then, so it gets no warm-up; the learning-rate
     * schedule starts again.
     *
     * @param r the earlier run
     * @param from the checkpoint
     */
    public void resume(RunRecord r, RunCheckpoints.Saved from) {
        if (r.recipe() == null) {
            say("Run '" + r.name() + "' cannot be resumed: its recipe.json cannot be read.");
            return;
        }
        Recipe resumed = r.recipe().toBuilder().set(RecipeField.MODEL, from.dir().toString())
                .set(RecipeField.EPOCHS, Math.max(1, r.recipe().epochs() - from.epoch()))
                .set(RecipeField.PROBE_EPOCHS, 0).build();
        trainWith(resumed, r.name(), r.name() + " resumed from " + from.label());
    }

    /**
     * Loads a recipe into the window (model, layer choice, every field) and starts it once the model's
     * tree is ready; what is on screen is then what the run trains with.
     */
    private void trainWith(Recipe earlier, String source, String runName) {
        if (training.busyProperty().get()) {
            say("A run is training: stop it, or wait for it to end, to train again with another recipe.");
            return;
        }
        CatalogueEntry model = models.find(earlier.model());
        if (model == null) {
            say("Run '" + source + "' cannot be trained again: its model, " + earlier.model() + ", is neither in the"
                    + " catalogue nor on this computer any more.");
            return;
        }
        recipe.load(earlier);
        recipe.runNameProperty().set(runName);
        pendingAgain = source;
        boolean sameModel = model.equals(models.selectedProperty().get());
        models.selectedProperty().set(model);
        try {
            layers.choose(earlier.freeze(), earlier.trainLast());
        } catch (FreezeException e) {
            pendingAgain = null;
            say("Run '" + source + "' cannot be trained again: " + e.getMessage());
            return;
        }
        if (sameModel) {
            loadPreview(); // the recipe's image size may differ from the tree on screen
        }
        startWhenReady();
    }

    /** Starts the "train again" run once the model's tree is loaded, or says why it cannot start. */
    private void startWhenReady() {
        if (pendingAgain == null || preview.loadingProperty().get()) {
            return;
        }
        String name = pendingAgain;
        pendingAgain = null;
        if (trainBlocker.reason().get() != null) {
            say("The recipe of run '" + name + "' is loaded, but it cannot train yet: " + trainBlocker.reason().get());
            return;
        }
        train();
    }

    /**
     * Says something in the status bar.
     *
     * @param text the message
     */
    public void say(String text) {
        status.set(text);
    }

    /**
     * Records what the engine reports about devices (asked in the background at start).
     *
     * @param text e.g. "No GPU: training runs on the CPU (2 cores)."
     */
    public void setEngineStatus(String text) {
        engineStatus.set(text);
    }

    /** @return counts requests to bring the results into view (the shell selects their tab) */
    public javafx.beans.property.ReadOnlyLongProperty resultsRequestedProperty() {
        return resultsRequested.getReadOnlyProperty();
    }

    /** @return why Train is unavailable, in full; null when it is available */
    public StringBinding trainBlockerBinding() {
        return trainBlocker.reason();
    }

    /** @return the whole run's estimated time before Train is pressed, in words; "" when unknown and small */
    public ReadOnlyStringProperty estimateProperty() {
        return estimate.textProperty();
    }

    /** @return whether Train is available now */
    public BooleanBinding canTrainBinding() {
        return trainBlocker.canTrain();
    }

    /** @return true while the selected model's layer tree loads */
    public ReadOnlyBooleanProperty previewLoadingProperty() {
        return preview.loadingProperty();
    }

    /** @return the status bar's message */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** @return what the engine reports */
    public ReadOnlyStringProperty engineStatusProperty() {
        return engineStatus.getReadOnlyProperty();
    }

    /** @return the model catalogue */
    public ModelBrowserViewModel models() {
        return models;
    }

    /** @return the layer tree */
    public LayerTreeViewModel layers() {
        return layers;
    }

    /** @return the dataset */
    public DatasetViewModel dataset() {
        return dataset;
    }

    /** @return the recipe form */
    public RecipeViewModel recipe() {
        return recipe;
    }

    /** @return the current run */
    public TrainingViewModel training() {
        return training;
    }

    /** @return the results shown */
    public ResultsViewModel results() {
        return results;
    }

    /** @return labelling */
    public LabellingViewModel labelling() {
        return labelling;
    }

    /** @return the Try tab */
    public TryViewModel tryout() {
        return tryout;
    }

    /** @return the heat maps of the mistakes in Results */
    public dev.graft.ui.results.MistakeHeatMaps mistakeHeatMaps() {
        return mistakeHeatMaps;
    }

    /** @return heat maps on request, for the Label tab's inbox */
    public dev.graft.ui.tryout.HeatMaps heatMaps() {
        return heatMaps;
    }

    /** @return the model that explains images (Try, the mistakes in Results) */
    public Explainers explainers() {
        return explainers;
    }

    /** @return the run history */
    public HistoryViewModel history() {
        return history;
    }

    /** @return the Engine panel */
    public EngineViewModel engine() {
        return engine;
    }
}
