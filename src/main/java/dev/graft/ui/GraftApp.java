package dev.graft.ui;

import atlantafx.base.theme.PrimerLight;
import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunLocations;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.catalogue.NetworkPreview;
import dev.graft.ui.common.ControllerFactory;
import dev.graft.ui.common.FxBackground;
import dev.graft.engine.datasets.SampleDatasets;
import dev.graft.ui.dataset.DatasetController;
import dev.graft.ui.datasets.SampleDatasetsController;
import dev.graft.ui.datasets.SampleDatasetsDialog;
import dev.graft.ui.datasets.SampleDatasetsViewModel;
import dev.graft.ui.engine.EngineController;
import dev.graft.ui.engine.EngineService;
import dev.graft.ui.engine.EngineViewModel;
import dev.graft.ui.history.HistoryController;
import dev.graft.ui.labelling.LabellingController;
import dev.graft.ui.layers.LayerTreeController;
import dev.graft.ui.models.ModelBrowserController;
import dev.graft.ui.results.ResultsController;
import dev.graft.ui.shell.ShellController;
import dev.graft.ui.shell.WindowPlacement;
import dev.graft.ui.shell.WorkbenchSession;
import dev.graft.ui.shell.WorkbenchStateStore;
import dev.graft.ui.shell.WorkbenchServices;
import dev.graft.ui.shell.WorkbenchViewModel;
import dev.graft.ui.training.TrainingController;
import dev.graft.ui.training.TrainingLauncher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/**
 * The workbench window. Opens on the bundled sample dataset and the bundled model, fully offline.
 * Training runs in a child process ({@code graft train-worker}), so a crash there cannot take the
 * window down.
 */
public final class GraftApp extends Application {

    /** Time the JVM started, for the time-to-first-frame measurement. */
    static final long STARTED = System.nanoTime();

    /** The engine and file system as the workbench uses them. */
    public static class EngineServices implements WorkbenchServices {
        @Override
        public NetworkPreview preview(String modelId, List<String> classes, int imageSize) throws Exception {
            return NetworkPreview.of(modelId, classes, imageSize);
        }

        @Override
        public RunClaim claimRun(Path dataset, String name) throws dev.graft.core.run.RunFolderException {
            return RunClaim.claimDefault(dataset, name);
        }

        @Override
        public Path runsOf(Path dataset) {
            return RunLocations.runsOf(dataset);
        }
    }

    @Override
    public void start(Stage stage) throws Exception {
        dev.graft.engine.Devices.oneThreadForInteractiveWork(); // before anything starts the engine
        FxBackground background = new FxBackground();
        WorkbenchViewModel vm = new WorkbenchViewModel(new EngineServices(), ModelCatalogue.entries(), background,
                TrainingLauncher.childProcess(), engineViewModel());
        // -Dgraft.noPrefs=true (tests, screenshots): neither read nor change the user's remembered state
        WorkbenchStateStore store = Boolean.getBoolean("graft.noPrefs")
                ? new WorkbenchStateStore(java.nio.file.Files.createTempDirectory("graft-state").resolve(
                        WorkbenchStateStore.FILE))
                : WorkbenchStateStore.user();
        WorkbenchSession session = new WorkbenchSession(vm, store);
        Path last = session.restore();
        String override = System.getProperty("graft.dataset");
        // the installed app names where its bundled sample is (-Dgraft.samples=$APPDIR/datasets-sample)
        Path samples = SampleDatasets.bundledRoot();
        ShellController shell = open(stage, vm, background, session, override != null ? Path.of(override)
                : last != null ? last : samples.resolve("emoji"));
        if (session.problem() != null) {
            vm.say(session.problem());
        }
        shell.reportFirstFrame(STARTED);
    }

    /**
     * Builds and shows the window for a workbench (the app, and UI tests with their own launcher).
     *
     * @param stage the stage
     * @param vm the workbench
     * @param background where slow work runs
     * @param session the remembered state: the window's place and tab, kept up to date
     * @param firstFolder dataset to open
     * @return the window's controller
     * @throws java.io.IOException if the views cannot be loaded
     */
    public static ShellController open(Stage stage, WorkbenchViewModel vm, FxBackground background,
            WorkbenchSession session, Path firstFolder) throws java.io.IOException {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        ShellController shell = new ShellController(vm, background);
        SampleDatasetsViewModel samples = SampleDatasetsViewModel.forWindow(vm::openDataset, vm::say);
        ControllerFactory controllers = new ControllerFactory()
                .with(ShellController.class, () -> shell)
                .with(ModelBrowserController.class, () -> new ModelBrowserController(vm.models(), vm::say))
                .with(LayerTreeController.class, () -> new LayerTreeController(vm.layers()))
                .with(DatasetController.class, () -> new DatasetController(vm.dataset()))
                .with(TrainingController.class, () -> new TrainingController(vm))
                .with(ResultsController.class, () -> new ResultsController(vm.results(), vm.mistakeHeatMaps()))
                .with(HistoryController.class, () -> new HistoryController(vm))
                .with(dev.graft.ui.tryout.TryController.class, () -> new dev.graft.ui.tryout.TryController(vm.tryout()))
                .with(EngineController.class, () -> new EngineController(vm.engine()))
                .with(LabellingController.class, () -> new LabellingController(vm.labelling(), vm.heatMaps()))
                .with(SampleDatasetsController.class, () -> new SampleDatasetsController(samples));
        shell.onOpenSampleDataset(new SampleDatasetsDialog(stage, controllers)::show);
        FXMLLoader loader = new FXMLLoader(GraftApp.class.getResource("shell/ShellView.fxml"));
        loader.setControllerFactory(controllers);
        Parent root = loader.load();
        WindowPlacement placement = WindowPlacement.of(session.state().window(),
                javafx.stage.Screen.getScreens().stream().map(javafx.stage.Screen::getVisualBounds).toList());
        Scene scene = new Scene(root, placement.width(), placement.height());
        scene.getStylesheets().add(GraftApp.class.getResource("graft.css").toExternalForm());
        stage.setTitle("Graft — transfer learning workbench");
        stage.getIcons().addAll(icons());
        stage.setScene(scene);
        placement.applyTo(stage);
        stage.setOnCloseRequest(e -> {
            shell.shutdown();
            samples.shutdown();
        });
        shell.start(stage, firstFolder);
        shell.remember(session);
        stage.show();
        javafx.application.Platform.runLater(() -> placement.reassert(stage));
        return shell;
    }

    /**
     * The Engine panel's view-model: the real engine and settings, checked on a daemon thread.
     *
     * @return the view-model
     */
    public static EngineViewModel engineViewModel() {
        java.util.concurrent.Executor worker = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "graft-engine-report");
            t.setDaemon(true);
            return t;
        });
        return new EngineViewModel(EngineService.real(), worker, javafx.application.Platform::runLater);
    }

    /** @return the application icon in the sizes window managers and task bars pick from */
    static List<Image> icons() {
        List<Image> icons = new ArrayList<>();
        for (int size : new int[] {16, 24, 32, 48, 64, 128, 256}) {
            var url = GraftApp.class.getResource("icons/graft-" + size + ".png");
            if (url != null) {
                icons.add(new Image(url.toExternalForm()));
            }
        }
        return icons;
    }

    /**
     * Starts the workbench.
     *
     * @param args JavaFX arguments
     */
    public static void main(String[] args) {
        launch(args);
    }
}
