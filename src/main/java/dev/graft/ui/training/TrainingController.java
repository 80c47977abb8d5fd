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

        lossChart.getData().add(series("training (smoothed)", training.batchLoss()));
        lossChart.getData().add(series("validation", training.valLoss()));
        accuracyChart.getData().add(series("training (smoothed)", training.batchAccuracy()));
        accuracyChart.getData().add(series("validation", training.valAccuracy()));
    }

    /** A chart series that follows a list of points; epoch (validation) points carry symbols via CSS. */
    private static XYChart.Series<Number, Number> series(String name, ObservableList<ChartPoint> points) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        points.addListener((ListChangeListener<ChartPoint>) c -> {
            while (c.next()) {
                if (c.wasRemoved() && points.isEmpty()) {
                    s.getData().clear();
                }
                if (c.wasAdded()) {
                    var added = c.getAddedSubList().stream()
                            .map(p -> new XYChart.Data<Number, Number>(p.x(), p.y())).toList();
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
