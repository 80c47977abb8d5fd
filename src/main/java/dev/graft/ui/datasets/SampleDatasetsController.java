package dev.graft.ui.datasets;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** The sample-dataset page: binds the list, the facts and the download row to its view-model. */
public final class SampleDatasetsController {

    @FXML private ListView<SampleDatasetsViewModel.Row> list;
    @FXML private Label title;
    @FXML private Label about;
    @FXML private GridPane facts;
    @FXML private Label status;
    @FXML private javafx.scene.layout.HBox fetchRow;
    @FXML private Button fetchButton;
    @FXML private ProgressBar bar;
    @FXML private Button cancelButton;
    @FXML private Label progressText;
    @FXML private Label message;
    @FXML private Button openButton;

    private final SampleDatasetsViewModel vm;

    /**
     * Creates the controller.
     *
     * @param viewModel the page's view-model (one per window: a download goes on when the page closes)
     */
    public SampleDatasetsController(SampleDatasetsViewModel viewModel) {
        this.vm = viewModel;
    }

    @FXML
    private void initialize() {
        list.setItems(vm.rows());
        list.setCellFactory(l -> new RowCell());
        list.getSelectionModel().select(vm.selectedProperty().get());
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectedProperty().set(b);
            }
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            if (list.getSelectionModel().getSelectedItem() != b) {
                list.getSelectionModel().select(b);
            }
            show(b);
        });
        show(vm.selectedProperty().get());
        status.textProperty().bind(vm.statusTextProperty());
        fetchButton.textProperty().bind(vm.fetchLabelProperty());
        fetchButton.disableProperty().bind(vm.canFetchProperty().not());
        cancelButton.disableProperty().bind(vm.canCancelProperty().not());
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.activityProperty().isNotEqualTo(SampleDatasetsViewModel.Activity.IDLE)
                .or(vm.progressProperty().greaterThan(0)));
        progressText.textProperty().bind(vm.progressTextProperty());
        message.textProperty().bind(vm.messageProperty());
        openButton.disableProperty().bind(vm.canOpenProperty().not());
        // nothing to download for a set that is here, unless it is the one being fetched
        fetchRow.visibleProperty().bind(vm.canOpenProperty().not().or(vm.activityProperty()
                .isNotEqualTo(SampleDatasetsViewModel.Activity.IDLE)));
        fetchRow.managedProperty().bind(fetchRow.visibleProperty());
        for (Label l : new Label[] {progressText, message}) {
            l.visibleProperty().bind(l.textProperty().isNotEmpty());
            l.managedProperty().bind(l.visibleProperty());
        }
        vm.checkRepository();
    }

    /** A set in the list: its name, and below it where it stands. */
    private static final class RowCell extends ListCell<SampleDatasetsViewModel.Row> {
        private final Label name = new Label();
        private final Label state = new Label();
        private final javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(2, name, state);

        RowCell() {
            name.setStyle("-fx-font-weight: bold;");
            state.getStyleClass().add("muted");
            box.setPadding(new javafx.geometry.Insets(3, 0, 3, 0));
            setPrefWidth(0); // wrap to the list's width instead of scrolling sideways
        }

        @Override
        protected void updateItem(SampleDatasetsViewModel.Row row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            name.setText(row.set().title());
            state.setText(row.stateLine());
            setGraphic(box);
        }
    }

    private void show(SampleDatasetsViewModel.Row row) {
        facts.getChildren().clear();
        if (row == null) {
            title.setText("");
            about.setText("");
            return;
        }
        title.setText(row.set().title());
        about.setText(row.set().about());
        int i = 0;
        for (SampleDatasetsViewModel.Fact f : SampleDatasetsViewModel.factsOf(row)) {
            Label name = new Label(f.name());
            name.getStyleClass().add("muted");
            Label value = new Label(f.value());
            value.setWrapText(true);
            value.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            facts.addRow(i++, name, value);
        }
    }

    @FXML
    private void fetch() {
        vm.fetch();
    }

    @FXML
    private void cancel() {
        vm.cancel();
    }

    @FXML
    private void checkAgain() {
        vm.checkRepository();
    }

    @FXML
    private void open() {
        if (vm.open()) {
            close();
        }
    }

    @FXML
    private void close() {
        Window w = list.getScene().getWindow();
        w.hide();
    }
}
