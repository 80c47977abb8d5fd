package dev.graft.ui.training;

import dev.graft.core.run.RecipeField;
import dev.graft.ui.shell.WorkbenchViewModel;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;

/**
 * The training view: recipe form (every field validated at once and decorated where it is wrong),
 * progress, live loss and accuracy curves, failure and retry.
 */
public final class TrainingController {

    @FXML private TextField runName;
    @FXML private Label deviceInfo;
    @FXML private Label errors;
    @FXML private Label carried;
    @FXML private javafx.scene.layout.GridPane form;
    @FXML private Label locked;
    @FXML private Label sizeWarning;
    @FXML private Label estimate;
    @FXML private ProgressBar progress;
    @FXML private Label progressText;
    @FXML private Label message;
    @FXML private Label hint;
    @FXML private Label runFolder;
    @FXML private javafx.scene.layout.FlowPane legend;
    @FXML private Button retrySafe;
    @FXML private LineChart<Number, Number> lossChart;
    @FXML private LineChart<Number, Number> accuracyChart;
    @FXML private NumberAxis lossEpochs;
    @FXML private NumberAxis accuracyEpochs;
    @FXML private NumberAxis lossAxis;
    @FXML private NumberAxis accuracyAxis;
    @FXML private Label lossEmpty;
    @FXML private Label accuracyEmpty;

    private final WorkbenchViewModel workbench;
    private final ValidationSupport validation = new ValidationSupport();

    /**
     * Creates the controller.
     *
     * @param workbench the workbench (its recipe form and current run)
     */
    public TrainingController(WorkbenchViewModel workbench) {
        this.workbench = workbench;
    }

    @FXML
    private void initialize() {
        RecipeViewModel recipe = workbench.recipe();
        TrainingViewModel training = workbench.training();
        runName.textProperty().bindBidirectional(recipe.runNameProperty());
        runName.setTooltip(new Tooltip("The run's name in History and Results; also its folder's name. Empty: named"
                + " after what it trains."));
        Map<RecipeField<?>, Control> fields = addFields(recipe);
        errors.textProperty().bind(recipe.errorsProperty());
        carried.textProperty().bind(recipe.carriedProperty());
        carried.managedProperty().bind(recipe.carriedProperty().isNotEmpty());
        // the form shows what the running run was started with until it ends
        form.disableProperty().bind(training.busyProperty());
        locked.textProperty().bind(Bindings.when(training.busyProperty())
                .then(TrainingMessages.RECIPE_LOCKED).otherwise(""));
        locked.managedProperty().bind(training.busyProperty());
        sizeWarning.textProperty().bind(recipe.sizeWarningProperty());
        // before Train: how long the whole run will take; while it trains the progress line says it
        estimate.textProperty().bind(Bindings.when(training.busyProperty()).then("")
                .otherwise(workbench.estimateProperty()));
        estimate.managedProperty().bind(estimate.textProperty().isNotEmpty());
        decorate(fields);
        deviceInfo.textProperty().bind(workbench.engineStatusProperty());
        deviceInfo.setTooltip(new Tooltip(dev.graft.engine.Devices.gpuHelp()));

        progress.progressProperty().bind(training.progressProperty());
        progressText.textProperty().bind(training.progressTextProperty());
        message.textProperty().bind(training.messageProperty());
        message.setTooltip(tooltip(training.messageProperty()));
        hint.textProperty().bind(training.failureHintProperty());
        retrySafe.visibleProperty().bind(training.offerSafeRetryProperty());
        retrySafe.managedProperty().bind(retrySafe.visibleProperty());
        message.styleProperty().bind(Bindings.when(training.stateProperty().isEqualTo(RunState.FAILED))
                .then("-fx-text-fill: -color-danger-fg;").otherwise(""));
        // which dataset the run belongs to: another dataset may be open while it trains
        runFolder.textProperty().bind(Bindings.createStringBinding(() -> training.runDirProperty().get() == null ? ""
                : (training.datasetProperty().get() == null ? "" : "Dataset " + training.datasetProperty().get()
                        + " · ") + "run folder: " + training.runDirProperty().get(), training.runDirProperty(),
                training.datasetProperty()));

        String trainColour = Charts.PALETTE.get(0);
        String valColour = Charts.PALETTE.get(1);
        lossChart.getData().add(Charts.follow("training (smoothed)", training.batchLoss(), trainColour, false));
        lossChart.getData().add(Charts.follow("validation", training.valLoss(), valColour, true));
        accuracyChart.getData().add(Charts.follow("training (smoothed)", training.batchAccuracy(), trainColour,
                false));
        accuracyChart.getData().add(Charts.follow("validation", training.valAccuracy(), valColour, true));
        legend.getChildren().setAll(Charts.legendEntry("training (smoothed over batches)", trainColour, false),
                Charts.legendEntry("validation (a point per epoch)", valColour, true));
        Charts.percentAxis(accuracyAxis);
        Charts.lossAxis(lossAxis, true);
        Charts.epochAxis(lossEpochs, 1);
        Charts.epochAxis(accuracyEpochs, 1);
        training.epochsProperty().addListener((o, a, n) -> {
            Charts.epochAxis(lossEpochs, n.intValue());
            Charts.epochAxis(accuracyEpochs, n.intValue());
        });
        lossEmpty.visibleProperty().bind(Bindings.isEmpty(training.batchLoss()));
        accuracyEmpty.visibleProperty().bind(Bindings.isEmpty(training.batchAccuracy()));
        training.batchLoss().addListener((javafx.collections.ListChangeListener<ChartPoint>) c ->
                Charts.lossAxis(lossAxis, training.batchLoss().isEmpty()));
    }

    /**
     * One row per field of the form, labelled and explained from the recipe's field table: a check box
     * for a switch, the engine's device choices for the device, a text field for the rest.
     */
    private Map<RecipeField<?>, Control> addFields(RecipeViewModel recipe) {
        Map<RecipeField<?>, Control> controls = new LinkedHashMap<>();
        int row = form.getRowCount();
        for (RecipeField<?> field : RecipeViewModel.FIELDS) {
            Control control;
            if (field.type().isSwitch()) {
                CheckBox box = new CheckBox(field.label());
                Bindings.bindBidirectional(recipe.text(field), box.selectedProperty(),
                        new javafx.util.converter.BooleanStringConverter());
                form.add(box, 0, row, 2, 1);
                control = box;
            } else {
                if (field == RecipeField.DEVICE) {
                    // what the engine can use: auto, cpu and each GPU it reports (gpu0, gpu1, …)
                    ChoiceBox<String> device = new ChoiceBox<>(workbench.engine().deviceChoices());
                    device.valueProperty().bindBidirectional(recipe.text(field));
                    control = device;
                } else {
                    TextField input = new TextField();
                    input.textProperty().bindBidirectional(recipe.text(field));
                    control = input;
                }
                Label label = new Label(field.label());
                label.setLabelFor(control);
                form.add(label, 0, row);
                form.add(control, 1, row);
            }
            control.setId(field.name());
            Tooltip help = new Tooltip(Character.toUpperCase(field.help().charAt(0)) + field.help().substring(1)
                    + ".");
            help.setWrapText(true);
            help.setMaxWidth(420);
            control.setTooltip(help);
            controls.put(field, control);
            row++;
        }
        return controls;
    }

    /** Marks every field whose value is wrong, with the form's own words as the decoration's text. */
    private void decorate(Map<RecipeField<?>, Control> fields) {
        RecipeViewModel recipe = workbench.recipe();
        fields.forEach((field, control) -> {
            Validator<Object> rule = (c, value) -> ValidationResult.fromErrorIf(c,
                    recipe.errorProperty(field).get(), recipe.errorProperty(field).get() != null);
            validation.registerValidator(control, false, rule);
            // the view-model validates on the same change; re-check once it has
            recipe.errorProperty(field).addListener((o, a, b) -> validation.revalidate(control));
        });
    }

    private static Tooltip tooltip(javafx.beans.value.ObservableValue<String> text) {
        Tooltip t = new Tooltip();
        t.textProperty().bind(text);
        t.setWrapText(true);
        t.setMaxWidth(560);
        return t;
    }

    @FXML
    private void retrySafe() {
        workbench.retrySafe();
    }

    /** @return the loss chart (tests count its points) */
    public LineChart<Number, Number> lossChart() {
        return lossChart;
    }
}
