package dev.graft.ui.engine;

import dev.graft.engine.EngineReport;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/** The Engine panel: a thin view over {@link EngineViewModel}. */
public final class EngineController {

    @FXML private Label summary;
    @FXML private Label plain;
    @FXML private javafx.scene.control.TitledPane gpuPane;
    @FXML private Label library;
    @FXML private Label capabilities;
    @FXML private ListView<String> gpuList;
    @FXML private Label notes;
    @FXML private ChoiceBox<String> mode;
    @FXML private GridPane installedBox;
    @FXML private TextField libraryPath;
    @FXML private TextField flavor;
    @FXML private Button apply;
    @FXML private ProgressIndicator busy;
    @FXML private Label message;
    @FXML private Label problem;

    private final EngineViewModel vm;

    /**
     * Creates the controller.
     *
     * @param viewModel the view-model
     */
    public EngineController(EngineViewModel viewModel) {
        vm = viewModel;
    }

    /** Connects the view to its view-model and asks for the first report. */
    @FXML
    private void initialize() {
        summary.textProperty().bind(vm.summaryProperty());
        plain.textProperty().bind(vm.plainProperty());
        // open where it matters: a computer with a GPU, or a setting other than the bundled engine
        vm.hasGpuProperty().addListener((o, a, gpu) -> gpuPane.setExpanded(gpu
                || !"bundled".equals(vm.modeProperty().get())));
        gpuPane.setExpanded(!"bundled".equals(vm.modeProperty().get()));
        library.textProperty().bind(Bindings.createStringBinding(() -> {
            EngineReport r = vm.reportProperty().get();
            return r == null || r.libraryPath() == null ? "" : "libtorch: " + r.libraryPath();
        }, vm.reportProperty()));
        capabilities.textProperty().bind(Bindings.createStringBinding(() -> {
            EngineReport r = vm.reportProperty().get();
            return r == null || r.capabilities().isEmpty() ? "" : "capabilities: " + String.join(", ",
                    r.capabilities());
        }, vm.reportProperty()));
        notes.textProperty().bind(Bindings.createStringBinding(() -> {
            EngineReport r = vm.reportProperty().get();
            return r == null ? "" : String.join("\n", r.notes());
        }, vm.reportProperty()));
        gpuList.setItems(vm.gpus());
        gpuList.setPlaceholder(new Label("No GPU usable by this libtorch"));
        mode.getItems().setAll(EngineViewModel.MODES);
        mode.valueProperty().bindBidirectional(vm.modeProperty());
        installedBox.visibleProperty().bind(vm.modeProperty().isEqualTo("installed"));
        installedBox.managedProperty().bind(installedBox.visibleProperty());
        libraryPath.textProperty().bindBidirectional(vm.libraryPathProperty());
        flavor.textProperty().bindBidirectional(vm.flavorProperty());
        problem.textProperty().bind(vm.problemProperty());
        apply.disableProperty().bind(vm.busyProperty().or(vm.problemProperty().isNotNull()));
        busy.visibleProperty().bind(vm.busyProperty());
        message.textProperty().bind(vm.messageProperty());
        vm.refresh();
    }

    @FXML
    private void apply() {
        vm.apply();
    }

    @FXML
    private void refresh() {
        vm.refresh();
    }
}
