package dev.graft.ui.history;

import dev.graft.ui.training.ChartPoint;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.nio.file.Path;
import java.util.List;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;

/** Earlier runs of the open dataset; selected runs' validation curves are overlaid. */
public final class HistoryController {

    @FXML private ListView<RunSummary> runs;
    @FXML private LineChart<Number, Number> overlay;

    private Supplier<List<RunSummary>> source = List::of;
    private Consumer<Path> onShow = p -> { };

    /**
     * Connects the view.
     *
     * @param runsSource lists the runs of the current dataset
     * @param showResults opens a run's results
     */
    public void init(Supplier<List<RunSummary>> runsSource, Consumer<Path> showResults) {
        this.source = runsSource;
        this.onShow = showResults;
        runs.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        runs.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(RunSummary s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty || s == null ? null : String.format(Locale.ROOT, "%s  ·  %s  ·  %s  ·  %s",
                        s.dir().getFileName(), s.status(), s.valAccuracy() == null ? "–"
                                : String.format(Locale.ROOT, "val %.1f %%", 100 * s.valAccuracy()), s.recipe()));
            }
        });
        runs.getSelectionModel().getSelectedItems().addListener(
                (javafx.collections.ListChangeListener<RunSummary>) c -> drawOverlay());
    }

    /** Re-reads the run folders. */
    @FXML
    public void refresh() {
        runs.getItems().setAll(source.get());
    }

    @FXML
    private void showResults() {
        RunSummary s = runs.getSelectionModel().getSelectedItem();
        if (s != null) {
            onShow.accept(s.dir());
        }
    }

    private void drawOverlay() {
        overlay.getData().clear();
        for (RunSummary s : runs.getSelectionModel().getSelectedItems()) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(s.dir().getFileName().toString());
            for (ChartPoint p : s.valAccuracyCurve()) {
                series.getData().add(new XYChart.Data<>(p.x(), p.y()));
            }
            overlay.getData().add(series);
        }
    }
}
