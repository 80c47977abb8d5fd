package dev.graft.ui.training;

import dev.graft.engine.Devices;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;

/** The training view: recipe form, progress, live loss and accuracy curves, failure and retry. */
public final class TrainingController {

    @FXML private TextField epochs;
    @FXML private TextField batchSize;
    @FXML private TextField lr;
    @FXML private TextField imageSize;
    @FXML private TextField valFraction;
    @FXML private TextField seed;
    @FXML private ChoiceBox<String> device;
    @FXML private CheckBox augment;
    @FXML private Label deviceInfo;
    @FXML private Label errors;
    @FXML private ProgressBar progress;
    @FXML private Label progressText;
    @FXML private Label message;
    @FXML private Label hint;
    @FXML private Button retrySafe;
    @FXML private LineChart<Number, Number> lossChart;
    @FXML private LineChart<Number, Number> accuracyChart;

    private Runnable onRetrySafe = () -> { };

    /**
     * Connects the view.
     *
     * @param recipe the recipe form
     * @param training the run
     * @param retry what the retry button does
     */
    public void init(RecipeViewModel recipe, TrainingViewModel training, Runnable retry) {
        this.onRetrySafe = retry;
        epochs.textProperty().bindBidirectional(recipe.epochsProperty());
        batchSize.textProperty().bindBidirectional(recipe.batchSizeProperty());
        lr.textProperty().bindBidirectional(recipe.lrProperty());
        imageSize.textProperty().bindBidirectional(recipe.imageSizeProperty());
        valFraction.textProperty().bindBidirectional(recipe.valFractionProperty());
        seed.textProperty().bindBidirectional(recipe.seedProperty());
        augment.selectedProperty().bindBidirectional(recipe.augmentProperty());
        device.getItems().setAll("auto", "cpu", "gpu");
        device.valueProperty().bindBidirectional(recipe.deviceProperty());
        errors.textProperty().bind(recipe.errorsProperty());
        progress.progressProperty().bind(training.progressProperty());
        progressText.textProperty().bind(training.progressTextProperty());
        message.textProperty().bind(training.messageProperty());
        hint.textProperty().bind(training.failureHintProperty());
        retrySafe.visibleProperty().bind(training.offerSafeRetryProperty());
        retrySafe.managedProperty().bind(retrySafe.visibleProperty());
        message.styleProperty().bind(Bindings.when(training.stateProperty().isEqualTo(RunState.FAILED))
                .then("-fx-text-fill: -color-danger-fg;").otherwise(""));

        lossChart.getData().add(series(lossChart, "training (smoothed)", training.batchLoss(), false));
        lossChart.getData().add(series(lossChart, "validation", training.valLoss(), true));
        accuracyChart.getData().add(series(accuracyChart, "training (smoothed)", training.batchAccuracy(), false));
        accuracyChart.getData().add(series(accuracyChart, "validation", training.valAccuracy(), true));
    }

    /**
     * A chart series that follows a list of points. Only epoch (validation) points get a marker
     * node: per-batch points have none, so a long run does not pile up thousands of nodes.
     */
    private static XYChart.Series<Number, Number> series(LineChart<Number, Number> chart, String name,
            ObservableList<ChartPoint> points, boolean marked) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        points.addListener((ListChangeListener<ChartPoint>) c -> {
            while (c.next()) {
                if (c.wasRemoved() && points.isEmpty()) {
                    s.getData().clear();
                    // LineChart does not redraw the line of a series that became empty: clear it here
                    if (s.getNode() instanceof javafx.scene.shape.Path line) {
                        line.getElements().clear();
                    }
                }
                if (c.wasAdded()) {
                    var added = c.getAddedSubList().stream().map(p -> {
                        XYChart.Data<Number, Number> d = new XYChart.Data<>(p.x(), p.y());
                        if (marked) {
                            javafx.scene.shape.Circle dot = new javafx.scene.shape.Circle(3.5);
                            dot.getStyleClass().add("epoch-point");
                            d.setNode(dot);
                        }
                        return d;
                    }).toList();
                    s.getData().addAll(added);
                }
            }
        });
        return s;
    }

    /**
     * Shows what the engine reports about compute devices. Call off the FX thread's critical path:
     * asking libtorch starts the engine.
     *
     * @param gpus GPUs the engine can use
     */
    public void showDevices(int gpus) {
        deviceInfo.setText(gpus > 0 ? gpus + " GPU(s) available: 'auto' trains on the GPU."
                : "No GPU: training runs on the CPU (" + Runtime.getRuntime().availableProcessors() + " cores).");
        deviceInfo.setTooltip(new javafx.scene.control.Tooltip(Devices.gpuHelp()));
    }

    @FXML
    private void retrySafe() {
        onRetrySafe.run();
    }

    /** @return the loss chart (tests count its points) */
    public LineChart<Number, Number> lossChart() {
        return lossChart;
    }
}
