package dev.graft.ui.shell;

import dev.graft.core.run.Failures;
import dev.graft.core.data.DatasetScan;
import dev.graft.core.model.CatalogueEntry;
import dev.graft.ui.common.Background;
import dev.graft.ui.common.Latest;
import dev.graft.ui.dataset.DatasetViewModel;
import dev.graft.ui.layers.LayerTreeViewModel;
import dev.graft.ui.models.ModelBrowserViewModel;
import dev.graft.ui.training.RecipeViewModel;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Loads the selected model's layer tree for the open dataset's classes, in the background (the
 * newest request wins), and tells whether it is still loading or could not be loaded. Separate
 * from {@link WorkbenchViewModel} because it is the one slow, failure-prone job of the workbench:
 * its progress and its failure are facts of their own that Train's availability depends on.
 */
final class ModelPreview {

    private final WorkbenchServices services;
    private final ModelBrowserViewModel models;
    private final DatasetViewModel dataset;
    private final RecipeViewModel recipe;
    private final LayerTreeViewModel layers;
    private final Consumer<String> say;
    private final Latest previewing;
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper();
    private String previewedModel;

    /**
     * Creates the loader.
     *
     * @param services builds the network a model would train
     * @param background where the loading runs
     * @param models the catalogue, whose selected model is loaded
     * @param dataset the dataset, whose classes the network gets
     * @param recipe the recipe, whose image size the network gets
     * @param layers the layer tree, which shows the network
     * @param say puts a message in the status bar
     */
    ModelPreview(WorkbenchServices services, Background background, ModelBrowserViewModel models,
            DatasetViewModel dataset, RecipeViewModel recipe, LayerTreeViewModel layers, Consumer<String> say) {
        this.services = services;
        this.models = models;
        this.dataset = dataset;
        this.recipe = recipe;
        this.layers = layers;
        this.say = say;
        this.previewing = new Latest(background);
    }

    /** Builds the selected model's layer tree for the open dataset's classes (newest request wins). */
    void load() {
        CatalogueEntry entry = models.selectedProperty().get();
        if (entry == null) {
            return;
        }
        if (entry.needsDownload()) {
            // no stale tree of the previous model: the reason instead (the catalogue offers the download)
            previewing.cancel();
            loading.set(false);
            previewedModel = null;
            String why = models.trainBlockedReasonProperty().get();
            problem.set(null);
            layers.clear(why);
            say.accept(why);
            return;
        }
        problem.set(null);
        DatasetScan scan = dataset.scanProperty().get();
        List<String> classes = scan != null && scan.classes().size() >= 2 ? scan.classes()
                : List.of("class 1", "class 2");
        int size = recipe.imageSize();
        loading.set(true);
        boolean newModel = !entry.id().equals(previewedModel);
        if (newModel) {
            layers.clear("Loading " + entry.name() + " …");
        }
        previewing.run(() -> services.preview(entry.id(), classes, size), preview -> {
            loading.set(false);
            previewedModel = entry.id();
            boolean reset = layers.show(preview.tree(), preview.stages(), preview.wholeModule());
            if (reset) {
                say.accept("Model: " + entry.name() + " · a different network, so the layer choice was reset to"
                        + " the default (" + layers.defaultInWordsProperty().get() + ")");
            } else if (newModel) {
                say.accept("Model: " + entry.name() + " · its layer tree is on the Layers tab");
            }
        }, failure -> {
            loading.set(false);
            previewedModel = null;
            String why = entry.name() + " cannot be loaded: " + Failures.describe(failure);
            problem.set(why);
            layers.clear(why);
            say.accept(why);
        });
    }

    /** @return true while the selected model's layer tree loads */
    ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** @return why the selected model cannot be loaded, or null */
    ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
