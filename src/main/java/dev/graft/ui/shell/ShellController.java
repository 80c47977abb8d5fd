package dev.graft.ui.shell;

import dev.graft.core.run.RunFolder;
import dev.graft.engine.Devices;
import dev.graft.core.model.ModelFiles;
import dev.graft.ui.common.Background;
import dev.graft.ui.training.RunState;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window's frame: toolbar, tabs, status bar, shortcuts, drops and the once-per-pulse pump of
 * training events. Every decision (can we train, what the status says) belongs to
 * {@link WorkbenchViewModel}; this class only binds to it.
 */
public final class ShellController {

    private static final Logger LOG = LoggerFactory.getLogger(ShellController.class);

    @FXML private Button trainButton;
    @FXML private Button stopButton;
    @FXML private Label trainBlocker;
    @FXML private ProgressIndicator busy;
    @FXML private StatusBar statusBar;
    @FXML private Label trainableStatus;
    @FXML private Label engineStatus;
    @FXML private TabPane tabs;
    @FXML private Tab trainingTab;
    @FXML private Tab resultsTab;
    @FXML private Tab labelTab;

    private final WorkbenchViewModel vm;
    private final Background background;
    private Stage stage;
    /** Applies queued training events once per pulse, only while a run is active. */
    private AnimationTimer pump;
    private long lastPulse;
    private long longestPause;
    private Runnable openSample = () -> { };

    /**
     * Creates the controller.
     *
     * @param vm the workbench
     * @param background where the device probe runs
     */
    public ShellController(WorkbenchViewModel vm, Background background) {
        this.vm = vm;
        this.background = background;
    }

    @FXML
    private void initialize() {
        trainButton.disableProperty().bind(vm.canTrainBinding().not());
        // the reason Train is unavailable, in full: next to the button and as its tooltip
        trainBlocker.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                vm.trainBlockerBinding().get() == null ? "" : vm.trainBlockerBinding().get(), vm.trainBlockerBinding()));
        Tooltip why = new Tooltip();
        why.textProperty().bind(vm.trainBlockerBinding());
        why.setWrapText(true);
        why.setMaxWidth(520);
        trainBlocker.setTooltip(why);
        stopButton.disableProperty().bind(vm.training().stateProperty().isNotEqualTo(RunState.RUNNING));
        busy.visibleProperty().bind(vm.previewLoadingProperty().or(vm.dataset().scanningProperty()));
        statusBar.textProperty().bind(vm.statusProperty());
        Tooltip status = new Tooltip();
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);
        status.setMaxWidth(640);
        statusBar.setTooltip(status);
        trainableStatus.textProperty().bind(vm.layers().countsProperty());
        engineStatus.textProperty().bind(vm.engineStatusProperty());
        // the right-hand fields keep their width; a long message on the left shortens (its tooltip has it
        // all) instead of squeezing them to "···"
        for (Label field : List.of(trainableStatus, engineStatus)) {
            field.setMinWidth(Region.USE_PREF_SIZE);
            Tooltip tip = new Tooltip();
            tip.textProperty().bind(field == trainableStatus ? vm.layers().summaryProperty() : vm.engineStatusProperty());
            field.setTooltip(tip);
        }
        vm.training().stateProperty().addListener((o, a, s) -> runStateChanged(s));
        vm.resultsRequestedProperty().addListener((o, a, b) -> tabs.getSelectionModel().select(resultsTab));
        pump = new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (lastPulse != 0 && vm.training().stateProperty().get() == RunState.RUNNING) {
                    longestPause = Math.max(longestPause, (now - lastPulse) / 1_000_000);
                }
                lastPulse = now;
                vm.training().drain();
                if (!vm.training().isActive()) {
                    stop(); // the worker has ended and everything is applied: no pulses needed
                    lastPulse = 0;
                }
            }
        };
    }

    /**
     * Opens the window's content: shortcuts, drops, the engine probe and the first dataset.
     *
     * @param window the stage
     * @param firstFolder dataset to open
     */
    public void start(Stage window, Path firstFolder) {
        this.stage = window;
        PulseWatch.startIfAsked();
        var accelerators = window.getScene().getAccelerators();
        accelerators.put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::openDataset);
        accelerators.put(new KeyCodeCombination(KeyCode.M, KeyCombination.SHORTCUT_DOWN), this::addModel);
        accelerators.put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN), this::train);
        accelerators.put(new KeyCodeCombination(KeyCode.PERIOD, KeyCombination.SHORTCUT_DOWN), this::stop);
        // labelling: undo and redo (a text field being edited keeps its own Ctrl+Z)
        accelerators.put(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN), () -> vm.labelling().undo());
        accelerators.put(new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                () -> vm.labelling().redo());
        accelerators.put(new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN), () -> vm.labelling().redo());
        for (int i = 0; i < tabs.getTabs().size(); i++) {
            int index = i;
            accelerators.put(new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(i + 1)),
                    KeyCombination.SHORTCUT_DOWN), () -> tabs.getSelectionModel().select(index));
        }
        window.getScene().setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && e.getGestureSource() == null) { // from the file manager
                e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
            }
        });
        window.getScene().setOnDragDropped(e -> {
            if (e.getDragboard().hasFiles() && e.getGestureSource() == null) {
                e.setDropCompleted(dropped(e.getDragboard().getFiles().stream().map(File::toPath).toList()));
            }
        });
        // files changed by a file manager while the window was in the background show up on return
        window.focusedProperty().addListener((o, was, focused) -> {
            if (focused) {
                vm.dataset().refreshIfChanged();
            }
        });
        background.run(Devices::gpuCount, gpus -> vm.setEngineStatus(gpus > 0 ? gpus + " GPU(s): 'auto' trains on"
                + " the GPU" : "CPU (" + Runtime.getRuntime().availableProcessors() + " cores), no GPU"),
                e -> vm.setEngineStatus("Engine unavailable: " + e.getMessage()));
        vm.startLabelling();
        if (Files.isDirectory(firstFolder)) {
            vm.openDataset(firstFolder);
        } else {
            vm.say("Open a dataset folder (one sub-folder per class) with Ctrl+O, or drop it on the window.");
        }
        vm.loadPreview();
    }

    /**
     * Files dropped on the window outside the labelling targets: a dataset folder opens; a folder
     * that is not a dataset yet opens for labelling ("start labelling here"); loose files are
     * pointed to the labelling targets.
     *
     * @param files what was dropped
     * @return true if the drop was used
     */
    boolean dropped(List<Path> files) {
        if (files.size() == 1 && Files.isDirectory(files.get(0))) {
            Path dir = files.get(0);
            if (Files.exists(dir.resolve(RunFolder.RECIPE)) || Files.exists(dir.resolve(ModelFiles.SPEC))) {
                return false; // a run or model folder: the model catalogue takes those
            }
            vm.openDataset(dir);
            if (!hasClassFolders(dir)) {
                tabs.getSelectionModel().select(labelTab);
                vm.say(dir.getFileName() + " is not a dataset yet: start labelling here — its loose images wait in"
                        + " the inbox of the Label tab; create classes and sort them.");
            }
            return true;
        }
        tabs.getSelectionModel().select(labelTab);
        vm.say("To add these files, drop them on a class, the inbox or \"New class\" in the Label tab.");
        return false;
    }

    private static boolean hasClassFolders(Path dir) {
        try (var s = Files.list(dir)) {
            return s.anyMatch(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Logs how long the first frame took (measured from JVM start).
     *
     * @param jvmStartNanos System.nanoTime() at class load of the app
     */
    public void reportFirstFrame(long jvmStartNanos) {
        Platform.runLater(() -> System.out.printf(java.util.Locale.ROOT, "graft: first frame after %d ms%n",
                (System.nanoTime() - jvmStartNanos) / 1_000_000));
    }

    @FXML
    private void openDataset() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open a dataset folder (one sub-folder per class)");
        Path current = vm.dataset().folderProperty().get();
        if (current != null && current.toAbsolutePath().getParent() != null
                && Files.isDirectory(current.toAbsolutePath().getParent())) {
            chooser.setInitialDirectory(current.toAbsolutePath().getParent().toFile());
        }
        File dir = chooser.showDialog(stage);
        if (dir != null) {
            vm.openDataset(dir.toPath());
        }
    }

    /**
     * Sets what "Open a sample dataset…" does (the app opens the sample-dataset page).
     *
     * @param action the action
     */
    public void onOpenSampleDataset(Runnable action) {
        this.openSample = action;
    }

    @FXML
    private void openSampleDataset() {
        openSample.run();
    }

    @FXML
    private void addModel() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Add a model: TorchScript, or Keras (TF.js model.json, Teachable Machine export, .h5/.keras)");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Models", "*.pt", "*.pth", "*.ts", "*.json", "*.js", "*.h5", "*.keras"),
                new FileChooser.ExtensionFilter("TorchScript", "*.pt", "*.pth", "*.ts"),
                new FileChooser.ExtensionFilter("Keras / TF.js / Teachable Machine", "*.json", "*.js", "*.h5",
                        "*.keras"));
        File f = chooser.showOpenDialog(stage);
        if (f != null) {
            vm.models().add(f.toPath(), vm::say);
        }
    }

    @FXML
    private void train() {
        vm.train();
        if (vm.training().isActive()) {
            tabs.getSelectionModel().select(trainingTab);
        }
    }

    @FXML
    private void stop() {
        vm.stop();
    }

    private void runStateChanged(RunState s) {
        if (s == RunState.COMPLETED || s == RunState.STOPPED || s == RunState.FAILED) {
            // a developer metric: in the log, not on screen
            LOG.info("longest UI pause while training: {} ms", longestPause);
        }
        if (s == RunState.COMPLETED) {
            tabs.getSelectionModel().select(resultsTab);
        }
        if (s == RunState.RUNNING) {
            longestPause = 0;
            pump.start(); // runs until the worker has ended and its last events are applied
        }
    }

    /** Stops a running worker when the window closes; it keeps what it trained. */
    public void shutdown() {
        vm.stop();
        vm.shutdown();
    }

    /**
     * Brings back the tab that was in front, and remembers the window's place, size and tab as they
     * change (the place half a second after a move or resize ends; a maximised window keeps the size
     * it had before, to return to).
     *
     * @param session the remembered state
     */
    public void remember(WorkbenchSession session) {
        String tab = session.state().tab();
        tabs.getTabs().stream().filter(t -> t.getText().equals(tab)).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
        tabs.getSelectionModel().selectedItemProperty().addListener((o, a, t) -> {
            if (t != null) {
                session.tabChanged(t.getText());
            }
        });
        javafx.animation.PauseTransition settle = new javafx.animation.PauseTransition(javafx.util.Duration.millis(500));
        double[] normal = {stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()};
        settle.setOnFinished(e -> {
            if (!stage.isMaximized() && !stage.isIconified() && stage.getWidth() > 0) {
                normal[0] = stage.getX();
                normal[1] = stage.getY();
                normal[2] = stage.getWidth();
                normal[3] = stage.getHeight();
            }
            session.windowChanged(new WorkbenchState.Window(normal[0], normal[1], normal[2], normal[3],
                    stage.isMaximized()));
        });
        for (javafx.beans.value.ObservableValue<?> v : java.util.List.of(stage.xProperty(), stage.yProperty(),
                stage.widthProperty(), stage.heightProperty(), stage.maximizedProperty())) {
            v.addListener((o, a, b) -> settle.playFromStart());
        }
    }

    /** @return the workbench (tests and diagnostics) */
    public WorkbenchViewModel viewModel() {
        return vm;
    }
}
