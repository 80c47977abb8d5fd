package dev.graft.ui.shell;

import dev.graft.ui.dataset.DatasetViewModel;
import dev.graft.ui.layers.LayerTreeViewModel;
import dev.graft.ui.models.ModelBrowserViewModel;
import dev.graft.ui.training.RecipeViewModel;
import dev.graft.ui.training.RunState;
import dev.graft.ui.training.TrainingViewModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;

/**
 * Whether Train is possible, and if not why, in full: one sentence from the first thing that stands
 * in the way (a run in progress, no dataset, a scan, the model, the layer choice, the recipe), kept
 * up to date by a binding on every fact it reads. Separate from {@link WorkbenchViewModel} because
 * it only reads the panels' state and decides; the view-model wires the panels together and acts.
 */
final class TrainBlocker {

    private final TrainingViewModel training;
    private final DatasetViewModel dataset;
    private final ModelBrowserViewModel models;
    private final LayerTreeViewModel layers;
    private final RecipeViewModel recipe;
    private final ModelPreview preview;
    private final StringBinding reason;
    private final BooleanBinding canTrain;

    /**
     * Binds to the panels.
     *
     * @param training the current run
     * @param dataset the dataset
     * @param models the model catalogue
     * @param layers the layer tree
     * @param recipe the recipe form
     * @param preview the selected model's loading
     */
    TrainBlocker(TrainingViewModel training, DatasetViewModel dataset, ModelBrowserViewModel models,
            LayerTreeViewModel layers, RecipeViewModel recipe, ModelPreview preview) {
        this.training = training;
        this.dataset = dataset;
        this.models = models;
        this.layers = layers;
        this.recipe = recipe;
        this.preview = preview;
        reason = Bindings.createStringBinding(this::blocker, training.stateProperty(), dataset.scanProperty(),
                dataset.errorProperty(), dataset.scanningProperty(), layers.problemProperty(),
                layers.rootProperty(), recipe.errorsProperty(), preview.loadingProperty(), preview.problemProperty(),
                models.selectedProperty(), models.trainBlockedReasonProperty());
        canTrain = Bindings.createBooleanBinding(() -> reason.get() == null, reason);
    }

    /** @return why Train is unavailable, in full; null when it is available */
    private String blocker() {
        RunState s = training.stateProperty().get();
        if (s == RunState.RUNNING || s == RunState.STOPPING) {
            return "A run is in progress.";
        }
        if (dataset.folderProperty().get() == null) {
            return "Open a dataset first (Ctrl+O).";
        }
        if (dataset.scanningProperty().get()) {
            return "The dataset is still being scanned.";
        }
        if (dataset.errorProperty().get() != null) {
            return dataset.errorProperty().get();
        }
        if (models.trainBlockedReasonProperty().get() != null) {
            return models.trainBlockedReasonProperty().get();
        }
        if (preview.problemProperty().get() != null) {
            return preview.problemProperty().get();
        }
        if (preview.loadingProperty().get() || layers.rootProperty().get() == null) {
            return "The model is still loading.";
        }
        if (layers.problemProperty().get() != null) {
            return layers.problemProperty().get();
        }
        if (!recipe.errorsProperty().get().isEmpty()) {
            return "Fix the recipe: " + recipe.errorsProperty().get().replace("\n", "; ") + ".";
        }
        return null;
    }

    /** @return why Train is unavailable, in full; null when it is available */
    StringBinding reason() {
        return reason;
    }

    /** @return true when Train is available */
    BooleanBinding canTrain() {
        return canTrain;
    }
}
