package dev.graft.ui.results;

import dev.graft.core.eval.CalibrationReport;
import dev.graft.core.eval.Reliability;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * The reliability diagram of a run's model on its validation split: for each of ten confidence
 * bins, how often the model was right against how sure it was, before calibration and after, with
 * the diagonal a perfectly calibrated model would follow. The two curves differ in colour
 * (Okabe–Ito vermillion and blue, told apart with colour-blindness) and in marker shape.
 */
public final class ReliabilityDiagram extends VBox {

    private final LineChart<Number, Number> chart;
    private final Label summary = new Label();

    /**
     * Creates the diagram, following a calibration view-model.
     *
     * @param vm the calibration shown
     */
    public ReliabilityDiagram(CalibrationViewModel vm) {
        super(6);
        setId("calibration");
        NumberAxis x = new NumberAxis("how sure (top probability)", 0, 1, 0.2);
        NumberAxis y = new NumberAxis("share right", 0, 1, 0.2);
        chart = new LineChart<>(x, y);
        chart.setId("reliabilityDiagram");
        chart.getStyleClass().add("reliability-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(true);
        chart.setPrefSize(320, 250);
        chart.setMaxWidth(360);
        chart.setLegendVisible(true);
        summary.setWrapText(true);
        summary.setMaxWidth(360);
        summary.getStyleClass().add("muted");
        summary.setId("calibrationSummary");
        summary.textProperty().bind(vm.summaryProperty());
        Label title = new Label("Calibration");
        title.getStyleClass().add("title-4");
        getChildren().addAll(title, summary, chart);
        vm.reportProperty().addListener((o, a, r) -> draw(r));
        draw(vm.reportProperty().get());
    }

    private void draw(CalibrationReport r) {
        chart.getData().clear();
        chart.setVisible(r != null);
        chart.setManaged(r != null);
        if (r == null) {
            return;
        }
        XYChart.Series<Number, Number> perfect = new XYChart.Series<>();
        perfect.setName("perfectly calibrated");
        perfect.getData().add(new XYChart.Data<>(0, 0));
        perfect.getData().add(new XYChart.Data<>(1, 1));
        chart.getData().add(perfect);
        chart.getData().add(series("network's own", r.before()));
        if (r.temperature() != 1) {
            chart.getData().add(series("calibrated", r.after()));
        }
    }

    private static XYChart.Series<Number, Number> series(String name, Reliability bins) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        for (int b = 0; b < bins.counts().length; b++) {
            if (bins.counts()[b] > 0) {
                s.getData().add(new XYChart.Data<>(bins.confidence()[b], bins.accuracy()[b]));
            }
        }
        return s;
    }
}
