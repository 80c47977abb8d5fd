package dev.graft.ui.shell;

import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.HealthReport;
import dev.graft.core.labelling.FolderWatcher;
import dev.graft.core.labelling.Labeller;
import dev.graft.core.labelling.Recovery;
import dev.graft.core.model.CatalogueEntry;
import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunFolderException;
import dev.graft.core.run.RunRecord;
import dev.graft.core.run.RunRecords;
import dev.graft.engine.catalogue.NetworkPreview;
import dev.graft.ui.common.Background;
import dev.graft.ui.common.Latest;
import dev.graft.ui.common.Messages;
import dev.graft.ui.dataset.DatasetViewModel;
import dev.graft.ui.engine.EngineViewModel;
import dev.graft.ui.history.HistoryViewModel;
import dev.graft.ui.labelling.EnginePredictor;
import dev.graft.ui.labelling.LabellingViewModel;
import dev.graft.ui.labelling.Predictor;
import dev.graft.ui.layers.LayerTreeViewModel;
import dev.graft.ui.models.ModelBrowserViewModel;
import dev.graft.ui.results.ResultsViewModel;
import dev.graft.ui.training.RecipeViewModel;
import dev.graft.ui.training.RunState;
import dev.graft.ui.training.TrainingLauncher;
import dev.graft.ui.training.TrainingMessages;
import dev.graft.ui.training.TrainingViewModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The workbench as a whole, without a toolkit: which model and dataset are open, whether Train is
 * possible and if not why (in full), what the status bar says, and which run the results show.
 * Each fact has one owner here; the controllers only bind to it.
 */
public final class WorkbenchViewModel {

    /** What the workbench needs from the outside world (the engine, the file system). */
    public interface Services {
        /**
         * The network training would build.
         *
         * @param modelId catalogue id, file or folder
         * @param classes the dataset's classes (placeholders when none is open)
         * @param imageSize input size
         * @return the preview
         * @throws Exception if the model cannot be loaded
         */
        NetworkPreview preview(String modelId, List<String> classes, int imageSize) throws Exception;

        /**
         * Claims a new run folder for a dataset.
         *
         * @param dataset the dataset
         * @param name the run's name
         * @return the claim
         * @throws RunFolderException if no folder can be made
         */
        RunClaim claimRun(Path dataset, String name) throws RunFolderException;

        /**
         * Where a dataset's runs live.
         *
         * @param dataset the dataset
         * @return the folder
         */
        Path runsOf(Path dataset);

        /**
         * The labeller of a folder (journalling into Graft's data folder).
         *
         * @param folder the dataset folder
         * @return its labeller
         */
        default Labeller labeller(Path folder) {
            return new Labeller(folder);
        }

        /** @return what classifies inbox images with a run's model */
        default Predictor predictor() {
            return new EnginePredictor();
        }

        /**
         * Completes or rolls back labelling operations a crash interrupted.
         *
         * @return what was found
         * @throws java.io.IOException if the journal cannot be read
         */
        default List<Recovery.Recovered> recover() throws java.io.IOException {
            return Recovery.run();
        }
    }

    private final Services services;
    private final EngineViewModel engine;
    private final ModelBrowserViewModel models;
    private final LayerTreeViewModel layers = new LayerTreeViewModel();
    private final DatasetViewModel dataset;
    private final RecipeViewModel recipe = new RecipeViewModel();
    private final TrainingViewModel training;
    private final ResultsViewModel results;
    private final HistoryViewModel history;
    private final LabellingViewModel labelling;
    private final Predictor predictor;
    private final Background background;
    private FolderWatcher watcher;
    private boolean watching;
    private final Latest previewing;
    private final Latest showing;
    private final ReadOnlyBooleanWrapper previewLoading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper modelProblem = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Starting …");
    private final javafx.beans.property.ReadOnlyLongWrapper resultsRequested =
            new javafx.beans.property.ReadOnlyLongWrapper();
    private final ReadOnlyStringWrapper engineStatus = new ReadOnlyStringWrapper("Starting the engine …");
    private final StringBinding trainBlocker;
    /** The dataset folder whose summary the status bar last announced. */
    private Path announced;
    private final BooleanBinding canTrain;
    private String previewedModel;

    /**
     * Creates the workbench.
     *
     * @param services engine and file-system access
     * @param catalogue the model catalogue
     * @param background where slow work runs
     * @param launcher starts training processes
     * @param engine the Engine panel (libtorch setting, GPUs, device choices)
     */
    public WorkbenchViewModel(Services services, List<CatalogueEntry> catalogue, Background background,
            TrainingLauncher launcher, EngineViewModel engine) {
        this.services = services;
        this.engine = engine;
        this.models = new ModelBrowserViewModel(catalogue);
        this.dataset = new DatasetViewModel(background);
        this.training = new TrainingViewModel(launcher);
        this.results = new ResultsViewModel(background);
        this.history = new HistoryViewModel(background, services::runsOf);
        this.background = background;
        this.predictor = services.predictor();
        this.labelling = new LabellingViewModel(background, services::labeller, predictor, this::say,
                dataset::refreshIfChanged);
        // the run the results show pre-sorts the inbox; its mistakes can be relabelled and retrained on
        results.runProperty().addListener((o, a, r) -> labelling.setModel(r != null && r.hasModel() ? r.dir() : null,
                r == null ? null : r.name()));
        results.connect((file, cls) -> labelling.relabel(List.of(file), cls), this::train);
        // until a run is shown, the dataset's newest run with a model pre-sorts: a user who comes
        // back to label more should not have to find a run in History first
        history.runs().addListener((javafx.collections.ListChangeListener<RunRecord>) c -> {
            if (results.runProperty().get() == null) {
                RunRecord newest = history.runs().stream().filter(RunRecord::hasModel).findFirst().orElse(null);
                labelling.setModel(newest == null ? null : newest.dir(), newest == null ? null : newest.name());
            }
        });
        this.previewing = new Latest(background);
        this.showing = new Latest(background);
        trainBlocker = Bindings.createStringBinding(this::blocker, training.stateProperty(), dataset.scanProperty(),
                dataset.errorProperty(), dataset.scanningProperty(), layers.problemProperty(),
                layers.rootProperty(), recipe.errorsProperty(), previewLoading, modelProblem,
                models.selectedProperty(), models.trainBlockedReasonProperty());
        canTrain = Bindings.createBooleanBinding(() -> trainBlocker.get() == null, trainBlocker);
        models.selectedProperty().addListener((o, a, b) -> loadPreview());
        dataset.scanProperty().addListener((o, a, scan) -> datasetChanged(scan));
        dataset.errorProperty().addListener((o, a, error) -> {
            if (error != null) {
                say("Dataset " + dataset.folderProperty().get() + ": " + error);
            }
        });
        training.stateProperty().addListener((o, a, s) -> runStateChanged(s));
    }

    /** @return why Train is unavailable, in full; null when it is available */
    private String blocker() {
        RunState s = training.stateProperty().get();
        if (s == RunState.RUNNING || s == RunState.STOPPING) {
            return "A run is in progress.";
        }
        if (dataset.folderProperty().get() == null) {
            return "Open a dataset first (Ctrl+O).";
        }
        if (dataset.scanningProperty().get()) {
            return "The dataset is still being scanned.";
        }
        if (dataset.errorProperty().get() != null) {
            return dataset.errorProperty().get();
        }
        if (models.trainBlockedReasonProperty().get() != null) {
            return models.trainBlockedReasonProperty().get();
        }
        if (modelProblem.get() != null) {
            return modelProblem.get();
        }
        if (previewLoading.get() || layers.rootProperty().get() == null) {
            return "The model is still loading.";
        }
        if (layers.problemProperty().get() != null) {
            return layers.problemProperty().get();
        }
        if (!recipe.errorsProperty().get().isEmpty()) {
            return "Fix the recipe: " + recipe.errorsProperty().get().replace("\n", "; ") + ".";
        }
        return null;
    }

    /** Builds the selected model's layer tree for the open dataset's classes (newest request wins). */
    void loadPreview() {
        CatalogueEntry entry = models.selectedProperty().get();
        if (entry == null) {
            return;
        }
        if (entry.needsDownload()) {
            // no stale tree of the previous model: the reason instead (the catalogue offers the download)
            previewing.cancel();
            previewLoading.set(false);
            previewedModel = null;
            String why = models.trainBlockedReasonProperty().get();
            modelProblem.set(null);
            layers.clear(why);
            say(why);
            return;
        }
        modelProblem.set(null);
        DatasetScan scan = dataset.scanProperty().get();
        List<String> classes = scan != null && scan.classes().size() >= 2 ? scan.classes()
                : List.of("class 1", "class 2");
        int size = recipe.imageSize();
        previewLoading.set(true);
        boolean newModel = !entry.id().equals(previewedModel);
        if (newModel) {
            layers.clear("Loading " + entry.name() + " …");
        }
        previewing.run(() -> services.preview(entry.id(), classes, size), preview -> {
            previewLoading.set(false);
            previewedModel = entry.id();
            boolean reset = layers.show(preview.tree(), preview.stages(), preview.wholeModule());
            if (reset) {
                say("Model: " + entry.name() + " · a different network, so the layer choice was reset to head only");
            } else if (newModel) {
                say("Model: " + entry.name() + " · its layer tree is on the Layers tab");
            }
        }, failure -> {
            previewLoading.set(false);
            previewedModel = null;
            String why = entry.name() + " cannot be loaded: " + Messages.of(failure);
            modelProblem.set(why);
            layers.clear(why);
            say(why);
        });
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
        dataset.open(dir, recipe.valFraction(), recipe.seed(), recipe.imageSize());
        labelling.open(dir);
        rewatch(dir);
    }

    /**
     * Starts what only the real window does: finishing labelling operations a crash interrupted
     * (telling the user), and watching the open dataset for changes made by a file manager.
     */
    public void startLabelling() {
        watching = true;
        labelling.recover(services::recover);
        rewatch(dataset.folderProperty().get());
    }

    private void rewatch(Path dir) {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
        if (!watching || dir == null || !java.nio.file.Files.isDirectory(dir)) {
            return;
        }
        try {
            // debounced on the watcher's thread, applied on the UI thread
            watcher = new FolderWatcher(dir, 400, () -> background.run(() -> null, v -> {
                dataset.refreshIfChanged();
                labelling.reload();
            }, e -> { }));
        } catch (java.io.IOException e) {
            say("Changes made outside Graft to " + dir + " show up when the window regains focus ("
                    + Messages.of(e) + ").");
        }
    }

    /** Stops watching folders and frees the model used for pre-sorting (the window closes). */
    public void shutdown() {
        watching = false;
        rewatch(null);
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
        String blocked = trainBlocker.get();
        if (blocked != null) {
            say("Cannot train yet: " + blocked);
            return;
        }
        Path data = dataset.folderProperty().get();
        CatalogueEntry model = models.selectedProperty().get();
        String name = recipe.runNameProperty().get().isBlank()
                ? model.id().replaceAll(".*[/\\\\]", "") + " " + layers.choiceInWords()
                : recipe.runNameProperty().get().trim();
        RunClaim claim;
        try {
            claim = services.claimRun(data, name);
        } catch (RunFolderException e) {
            say(e.getMessage());
            return;
        }
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--model", model.id(), "--freeze",
                layers.freezeArgument()));
        args.addAll(recipe.toArgs());
        training.start(args, claim, false);
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
                + Messages.of(failure)));
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
        return trainBlocker;
    }

    /** @return true when Train is available */
    public BooleanBinding canTrainBinding() {
        return canTrain;
    }

    /** @return true while the selected model's layer tree loads */
    public ReadOnlyBooleanProperty previewLoadingProperty() {
        return previewLoading.getReadOnlyProperty();
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

    /** @return the run history */
    public HistoryViewModel history() {
        return history;
    }

    /** @return the Engine panel */
    public EngineViewModel engine() {
        return engine;
    }
}
