package dev.graft.ui.shell;

import dev.graft.core.data.DatasetScan;
import dev.graft.core.model.CatalogueEntry;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RunSpeeds;
import dev.graft.ui.dataset.DatasetViewModel;
import dev.graft.ui.layers.LayerTreeViewModel;
import dev.graft.ui.models.ModelBrowserViewModel;
import dev.graft.ui.training.RecipeViewModel;
import dev.graft.ui.training.RunState;
import dev.graft.ui.training.TrainingViewModel;
import java.util.Locale;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The whole run's time, estimated before Train is pressed from how fast this machine ran the same
 * kind of recipe before ({@link RunSpeeds}): "about 14 min". For a large dataset without a
 * measurement it says that the first minutes will tell, so nobody starts an hour-long run blind.
 * Recomputed whenever the dataset, the model, the layer choice or the recipe changes, and when a
 * run ends (a new measurement).
 */
final class RunEstimate {

    /** From this many images on, a missing estimate is worth saying so. */
    static final int LARGE = 2_000;

    private final DatasetViewModel dataset;
    private final ModelBrowserViewModel models;
    private final LayerTreeViewModel layers;
    private final RecipeViewModel recipe;
    private final RunSpeeds speeds;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");

    RunEstimate(DatasetViewModel dataset, ModelBrowserViewModel models, LayerTreeViewModel layers,
            RecipeViewModel recipe, TrainingViewModel training, RunSpeeds speeds) {
        this.dataset = dataset;
        this.models = models;
        this.layers = layers;
        this.recipe = recipe;
        this.speeds = speeds;
        javafx.beans.InvalidationListener update = o -> update();
        for (Observable o : new Observable[] {dataset.scanProperty(), models.selectedProperty(),
                layers.revisionProperty(), layers.rootProperty(), recipe.errorsProperty()}) {
            o.addListener(update);
        }
        // a change listener, not an invalidation one: those run before the form's own (change) listener
        // has read the new text into its recipe
        RecipeViewModel.FIELDS.forEach(f -> recipe.text(f).addListener((o, a, b) -> update()));
        training.stateProperty().addListener((o, a, s) -> {
            if (s != RunState.RUNNING && s != RunState.STOPPING) {
                update();
            }
        });
        update();
    }

    /** @return the estimate in words ("Estimated time: about 14 min …"), or "" */
    ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    private void update() {
        text.set(describe());
    }

    private String describe() {
        DatasetScan scan = dataset.scanProperty().get();
        CatalogueEntry model = models.selectedProperty().get();
        if (scan == null || model == null || layers.rootProperty().get() == null
                || !recipe.errorsProperty().get().isEmpty()) {
            return "";
        }
        Recipe r;
        try {
            r = recipe.recipe(scan.root().toString(), model.id(), layers.freezeArgument(), layers.trainLastChoice());
        } catch (RuntimeException notYet) {
            return ""; // the blocker says why Train is unavailable
        }
        int images = scan.images().size();
        int validation = (int) Math.round(images * r.valFraction());
        String words = RunSpeeds.describe(speeds.of(r), images - validation, validation, r.epochs());
        if (words != null) {
            return "Estimated time: " + words + ".";
        }
        return images >= LARGE ? String.format(Locale.ROOT, "No time estimate yet: this recipe has not run on this"
                + " machine. %,d images is a large set; the first pass shows its time left within a minute.", images)
                : "";
    }
}
