package dev.graft.ui.shell;

import dev.graft.core.data.DatasetScan;
import dev.graft.core.model.CatalogueEntry;
import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunFolderException;
import dev.graft.core.run.RunLocations;
import dev.graft.core.run.RunNames;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.train.TrainingNetworkPreview;
import dev.graft.ui.common.Background;
import dev.graft.ui.common.FxBackground;
import dev.graft.ui.common.Messages;
import dev.graft.ui.dataset.DatasetController;
import dev.graft.ui.dataset.DatasetViewModel;
import dev.graft.ui.history.HistoryController;
import dev.graft.ui.history.RunHistory;
import dev.graft.ui.layers.LayerTreeController;
import dev.graft.ui.layers.LayerTreeViewModel;
import dev.graft.ui.models.ModelBrowserController;
import dev.graft.ui.models.ModelBrowserViewModel;
import dev.graft.ui.results.ResultsController;
import dev.graft.ui.results.ResultsViewModel;
import dev.graft.ui.training.RecipeViewModel;
import dev.graft.ui.training.RunState;
import dev.graft.ui.training.TrainingController;
import dev.graft.ui.training.TrainingLauncher;
import dev.graft.ui.training.TrainingViewModel;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

/**
 * The workbench window: wires the feature views to their view-models and to each other (a model
 * choice loads its layer tree, a dataset sets the head's classes, Train starts a worker process,
 * a finished run opens its results). Nothing here blocks the FX thread: model loading and scans
 * run in the background, training events are applied once per pulse.
 */
public final class ShellController {

    @FXML private Button trainButton;
    @FXML private Button stopButton;
    @FXML private Label engineStatus;
    @FXML private ProgressIndicator busy;
    @FXML private Label status;
    @FXML private TabPane tabs;
    @FXML private Tab trainingTab;
    @FXML private Tab resultsTab;
    @FXML private Tab historyTab;
    @FXML private ModelBrowserController modelsController;
    @FXML private LayerTreeController layersController;
    @FXML private DatasetController datasetController;
    @FXML private TrainingController trainingController;
    @FXML private ResultsController resultsController;
    @FXML private HistoryController historyController;

    private final Background background = new FxBackground();
    private final ModelBrowserViewModel models = new ModelBrowserViewModel(ModelCatalogue.entries());
    private final LayerTreeViewModel layers = new LayerTreeViewModel();
    private final DatasetViewModel dataset = new DatasetViewModel(background);
    private final RecipeViewModel recipe = new RecipeViewModel();
    private final TrainingViewModel training = new TrainingViewModel(TrainingLauncher.childProcess());
    private final ResultsViewModel results = new ResultsViewModel(background);
    private Stage stage;
    private final javafx.beans.property.BooleanProperty previewLoading =
            new javafx.beans.property.SimpleBooleanProperty();
    /** Applies queued training events once per pulse, only while a run is active. */
    private AnimationTimer pump;
    private long lastPulse;
    private long longestPause;

    @FXML
    private void initialize() {
        modelsController.init(models, this::say);
        layersController.init(layers);
        datasetController.init(dataset);
        trainingController.init(recipe, training, this::retrySafe);
        resultsController.init(results);
        historyController.init(this::runsOfDataset, dir -> {
            results.show(dir);
            tabs.getSelectionModel().select(resultsTab);
        });
        models.selectedProperty().addListener((o, a, b) -> loadPreview());
        dataset.scanProperty().addListener((o, a, b) -> {
            loadPreview();
            historyController.refresh();
        });
        trainButton.disableProperty().bind(Bindings.createBooleanBinding(() -> !canTrain(),
                training.stateProperty(), dataset.scanProperty(), dataset.errorProperty(), layers.problemProperty(),
                recipe.validBinding(), previewLoading, layers.rootProperty()));
        stopButton.disableProperty().bind(training.stateProperty().isNotEqualTo(RunState.RUNNING));
        training.stateProperty().addListener((o, a, s) -> runStateChanged(s));
        pump = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (lastPulse != 0 && training.stateProperty().get() == RunState.RUNNING) {
                    longestPause = Math.max(longestPause, (now - lastPulse) / 1_000_000);
                }
                lastPulse = now;
                training.drain();
                if (!training.isActive()) {
                    stop(); // the worker has ended and everything is applied: no pulses needed
                    lastPulse = 0;
                }
            }
        };
    }

    /**
     * Opens the window's content: shortcuts, the engine warm-up and the first dataset.
     *
     * @param window the stage
     * @param firstFolder dataset to open
     */
    public void start(Stage window, Path firstFolder) {
        this.stage = window;
        var accelerators = window.getScene().getAccelerators();
        accelerators.put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::openDataset);
        accelerators.put(new KeyCodeCombination(KeyCode.M, KeyCombination.SHORTCUT_DOWN), this::addModel);
        accelerators.put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN), this::train);
        accelerators.put(new KeyCodeCombination(KeyCode.PERIOD, KeyCombination.SHORTCUT_DOWN), this::stop);
        for (int i = 0; i < tabs.getTabs().size(); i++) {
            int index = i;
            accelerators.put(new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(i + 1)),
                    KeyCombination.SHORTCUT_DOWN), () -> tabs.getSelectionModel().select(index));
        }
        window.getScene().setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
            }
        });
        window.getScene().setOnDragDropped(e -> {
            List<File> files = e.getDragboard().getFiles();
            if (files.size() == 1 && files.get(0).isDirectory() && !Files.exists(files.get(0).toPath()
                    .resolve("recipe.json")) && !Files.exists(files.get(0).toPath().resolve("graft-model.json"))) {
                openFolder(files.get(0).toPath());
                e.setDropCompleted(true);
            }
        });
        engineStatus.setText("Starting the engine (the first start unpacks libtorch, ~430 MB) …");
        background.run(dev.graft.engine.Devices::gpuCount, trainingController::showDevices, e -> { });
        if (Files.isDirectory(firstFolder)) {
            openFolder(firstFolder);
        } else {
            loadPreview();
        }
    }

    /**
     * Logs how long the first frame took (measured from JVM start).
     *
     * @param jvmStartNanos System.nanoTime() at class load of the app
     */
    public void reportFirstFrame(long jvmStartNanos) {
        Platform.runLater(() -> System.out.printf(Locale.ROOT, "graft: first frame after %d ms%n",
                (System.nanoTime() - jvmStartNanos) / 1_000_000));
    }

    private boolean canTrain() {
        return trainBlocker() == null;
    }

    /** @return why Train is unavailable right now, or null when it is available */
    private String trainBlocker() {
        if (dataset.scanProperty().get() == null) {
            return "open a dataset first";
        }
        if (dataset.errorProperty().get() != null) {
            return dataset.errorProperty().get();
        }
        if (previewLoading.get() || layers.rootProperty().get() == null) {
            return "the model is still loading";
        }
        if (layers.problemProperty().get() != null) {
            return layers.problemProperty().get();
        }
        if (!recipe.validBinding().get()) {
            return recipe.errorsProperty().get();
        }
        RunState s = training.stateProperty().get();
        return s == RunState.RUNNING || s == RunState.STOPPING ? "a run is in progress" : null;
    }

    private void loadPreview() {
        CatalogueEntry entry = models.selectedProperty().get();
        if (entry == null) {
            return;
        }
        DatasetScan scan = dataset.scanProperty().get();
        List<String> classes = scan != null && scan.classes().size() >= 2 ? scan.classes()
                : List.of("class 1", "class 2");
        int size = recipe.validBinding().get() ? recipe.imageSize() : 224;
        previewLoading.set(true);
        busy.setVisible(true);
        layersController.loadingIndicator().setVisible(true);
        background.run(() -> TrainingNetworkPreview.of(entry.id(), classes, size), preview -> {
            busy.setVisible(false);
            layersController.loadingIndicator().setVisible(false);
            layers.show(preview.tree(), preview.stages(), preview.wholeModule());
            previewLoading.set(false);
            engineStatus.setText("Engine ready · " + preview.model());
            say("Model: " + entry.name() + " · " + layers.summaryProperty().get());
        }, failure -> {
            previewLoading.set(false);
            busy.setVisible(false);
            layersController.loadingIndicator().setVisible(false);
            engineStatus.setText("Model could not be loaded");
            say(entry.name() + ": " + Messages.of(failure));
        });
    }

    @FXML
    private void openDataset() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open a dataset folder (one sub-folder per class)");
        Path current = dataset.folderProperty().get();
        if (current != null && Files.isDirectory(current.toAbsolutePath().getParent())) {
            chooser.setInitialDirectory(current.toAbsolutePath().getParent().toFile());
        }
        File dir = chooser.showDialog(stage);
        if (dir != null) {
            openFolder(dir.toPath());
        }
    }

    private void openFolder(Path dir) {
        double fraction = recipe.validBinding().get() ? recipe.valFraction() : 0.2;
        long seed = recipe.validBinding().get() ? recipe.seed() : 42;
        dataset.open(dir, fraction, seed);
    }

    @FXML
    private void addModel() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Add a TorchScript model (.pt)");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("TorchScript", "*.pt", "*.pth", "*.ts"));
        File f = chooser.showOpenDialog(stage);
        if (f != null) {
            try {
                models.addLocal(f.toPath());
            } catch (IllegalArgumentException e) {
                say(e.getMessage());
            }
        }
    }

    @FXML
    private void train() {
        String blocker = trainBlocker();
        if (blocker != null) {
            say("Cannot train yet: " + blocker);
            return;
        }
        Path data = dataset.folderProperty().get();
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--model",
                models.selectedProperty().get().id(), "--freeze", layers.freezeArgument()));
        args.addAll(recipe.toArgs());
        longestPause = 0;
        RunClaim claim = newRun(data);
        if (claim == null) {
            return;
        }
        training.start(args, claim, false);
        pump.start();
        tabs.getSelectionModel().select(trainingTab);
    }

    /** Claims a new run folder for the dataset in the user's data folder, or says why it cannot. */
    private RunClaim newRun(Path data) {
        try {
            Path parent = RunLocations.runsOf(data);
            RunLocations.requireOutsideDataset(parent, data);
            return RunClaim.claimNew(parent, RunNames.folderName(LocalDateTime.now(), "run"), "run");
        } catch (RunFolderException e) {
            say(e.getMessage());
            return null;
        }
    }

    @FXML
    private void stop() {
        training.stop();
    }

    private void retrySafe() {
        longestPause = 0;
        RunClaim claim = newRun(dataset.folderProperty().get());
        if (claim == null) {
            return;
        }
        training.retrySafe(claim);
        pump.start();
    }

    private void runStateChanged(RunState s) {
        switch (s) {
            case COMPLETED, STOPPED -> {
                say(training.messageProperty().get() + " · longest UI pause while training: " + longestPause + " ms");
                System.out.println("graft: longest UI pause while training: " + longestPause + " ms");
                results.show(training.runDirProperty().get());
                historyController.refresh();
                if (s == RunState.COMPLETED) {
                    tabs.getSelectionModel().select(resultsTab);
                }
            }
            case FAILED -> {
                say("Training failed: " + training.messageProperty().get());
                historyController.refresh();
            }
            default -> { }
        }
    }

    private List<dev.graft.ui.history.RunSummary> runsOfDataset() {
        try {
            Path data = dataset.folderProperty().get();
            return data == null ? List.of() : RunHistory.list(RunLocations.runsOf(data), data);
        } catch (Exception e) {
            say("Cannot read run history: " + Messages.of(e));
            return List.of();
        }
    }

    private void say(String text) {
        status.setText(text);
    }

    /** Stops a running worker when the window closes; it writes its checkpoint. */
    public void shutdown() {
        training.stop();
    }

    /** @return the open dataset folder, remembered for the next start */
    public Path lastFolder() {
        return dataset.folderProperty().get();
    }

    /** @return the training view-model (for tests and diagnostics) */
    public TrainingViewModel trainingViewModel() {
        return training;
    }

    /** @return the layer tree view-model */
    public LayerTreeViewModel layerViewModel() {
        return layers;
    }

    /** @return the dataset view-model */
    public DatasetViewModel datasetViewModel() {
        return dataset;
    }
}
