package dev.graft.ui.history;

import dev.graft.core.run.RunRecord;
import dev.graft.ui.shell.WorkbenchViewModel;
import dev.graft.ui.training.ChartPoint;
import dev.graft.ui.training.Charts;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.shape.Line;

/** Earlier runs of the open dataset; the selected runs' validation curves are overlaid. */
public final class HistoryController {

    @FXML private ListView<RunRecord> runs;
    @FXML private Button showButton;
    @FXML private Button againButton;
    @FXML private LineChart<Number, Number> overlay;
    @FXML private NumberAxis epochAxis;
    @FXML private NumberAxis accuracyAxis;
    @FXML private Label overlayEmpty;
    @FXML private FlowPane legend;

    private final WorkbenchViewModel workbench;
    private final HistoryViewModel vm;

    /**
     * Creates the controller.
     *
     * @param workbench the workbench (to show a run's results)
     */
    public HistoryController(WorkbenchViewModel workbench) {
        this.workbench = workbench;
        this.vm = workbench.history();
    }

    @FXML
    private void initialize() {
        runs.setItems(vm.runs());
        Label placeholder = new Label();
        placeholder.textProperty().bind(vm.placeholderProperty());
        placeholder.getStyleClass().add("muted");
        runs.setPlaceholder(placeholder);
        runs.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        runs.setCellFactory(l -> new ListCell<>() {
            {
                setPrefWidth(0); // follow the list's width, so long rows wrap
            }

            @Override
            protected void updateItem(RunRecord r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                String text = HistoryViewModel.describe(r);
                setText(text);
                setWrapText(true); // a long reason (a crash's cause) wraps instead of running off sideways
                Tooltip t = new Tooltip(text + "\n" + r.dir());
                t.setWrapText(true);
                t.setMaxWidth(640);
                setTooltip(t);
            }
        });
        runs.getSelectionModel().getSelectedItems().addListener((ListChangeListener<RunRecord>) c ->
                vm.select(java.util.List.copyOf(runs.getSelectionModel().getSelectedItems())));
        runs.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                showResults();
            }
        });
        showButton.disableProperty().bind(runs.getSelectionModel().selectedItemProperty().isNull());
        againButton.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            RunRecord r = runs.getSelectionModel().getSelectedItem();
            return r == null || r.recipe() == null || runs.getSelectionModel().getSelectedItems().size() != 1
                    || workbench.training().busyProperty().get();
        }, runs.getSelectionModel().getSelectedItems(), workbench.training().busyProperty()));
        Charts.percentAxis(accuracyAxis);
        Charts.epochAxis(epochAxis, 1);
        overlayEmpty.visibleProperty().bind(Bindings.isEmpty(vm.overlay()));
        vm.overlay().addListener((ListChangeListener<HistoryViewModel.Curve>) c -> draw());
    }

    /** Re-reads the run folders. */
    @FXML
    public void refresh() {
        vm.refresh();
    }

    @FXML
    private void trainAgain() {
        RunRecord r = runs.getSelectionModel().getSelectedItem();
        if (r != null) {
            workbench.trainAgain(r);
        }
    }

    @FXML
    private void showResults() {
        RunRecord r = runs.getSelectionModel().getSelectedItem();
        if (r != null) {
            workbench.showEarlierRun(r);
        }
    }

    /** One series per selected run, each in its run's colour, with a legend of run names. */
    private void draw() {
        overlay.getData().clear();
        legend.getChildren().clear();
        int epochs = 1;
        for (HistoryViewModel.Curve curve : vm.overlay()) {
            String colour = Charts.PALETTE.get(curve.colour() % Charts.PALETTE.size());
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(curve.name());
            for (ChartPoint p : curve.points()) {
                XYChart.Data<Number, Number> d = new XYChart.Data<>(p.x(), p.y());
                javafx.scene.shape.Circle dot = new javafx.scene.shape.Circle(3.5);
                dot.setStyle("-fx-fill: " + colour + ";");
                d.setNode(dot);
                series.getData().add(d);
                epochs = Math.max(epochs, (int) Math.ceil(p.x()));
            }
            overlay.getData().add(series);
            series.getNode().setStyle("-fx-stroke: " + colour + ";");
            Line swatch = new Line(0, 0, 18, 0);
            swatch.setStyle("-fx-stroke: " + colour + "; -fx-stroke-width: 3;");
            legend.getChildren().add(new HBox(6, swatch, new Label(curve.name())));
        }
        Charts.epochAxis(epochAxis, epochs);
    }
}
