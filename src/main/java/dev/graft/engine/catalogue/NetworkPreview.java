package dev.graft.engine.catalogue;

import ai.djl.Device;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.model.FreezeException;
import dev.graft.core.model.FreezePlan;
import dev.graft.core.model.LayerNode;
import dev.graft.core.model.TrainingScope;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeDefaults;
import dev.graft.engine.net.FeatureTaps;
import dev.graft.engine.net.HeadContinuation;
import dev.graft.engine.net.LayerTrees;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * The network a training run would build from a model, before any data is read: the same feature
 * taps and a new head, so the workbench's layer tree counts exactly what will train, and the command
 * line can name a run and refuse a choice that trains nothing before it claims a run folder.
 *
 * @param model what the user picked, as a description
 * @param spec the architecture training will build
 * @param tree its layer tree with nothing frozen
 * @param stages backbone stages in forward order
 * @param wholeModule true for TorchScript (only all-or-nothing freezing is exact)
 */
public record NetworkPreview(String model, ArchitectureSpec spec, LayerNode tree, List<String> stages,
        boolean wholeModule) {

    /** Class names of a preview made before a dataset is read: only their number shapes the head. */
    private static final List<String> PLACEHOLDER_CLASSES = List.of("class 1", "class 2");

    /**
     * Builds the preview with the default feature taps.
     *
     * @param modelRef catalogue id, file or folder
     * @param classes class names of the dataset (a placeholder list when none is open yet)
     * @param imageSize input size
     * @return the preview
     * @throws Exception if the model cannot be resolved or built
     */
    public static NetworkPreview of(String modelRef, List<String> classes, int imageSize) throws Exception {
        return of(modelRef, classes, imageSize, RecipeDefaults.FEATURES);
    }

    /**
     * Builds the preview of a recipe's network.
     *
     * @param recipe the recipe (its model, image size and feature taps)
     * @return the preview
     * @throws Exception if the model cannot be resolved or built
     */
    public static NetworkPreview of(Recipe recipe) throws Exception {
        return of(recipe.model(), PLACEHOLDER_CLASSES, recipe.imageSize(), recipe.features());
    }

    private static NetworkPreview of(String modelRef, List<String> classes, int imageSize, String features)
            throws Exception {
        ModelSource source = ModelCatalogue.resolve(modelRef, imageSize);
        ArchitectureSpec tapped = FeatureTaps.apply(source.spec(), source.dir(), features);
        ArchitectureSpec spec = tapped.withHead(classes, HeadContinuation.hidden(source.spec(),
                        source instanceof FolderModel, tapped, classes, List.of()),
                RecipeDefaults.DROPOUT, imageSize);
        try (LoadedNet net = NetLoader.create(spec, source.dir(), Device.cpu(), null)) {
            LayerNode tree = LayerTrees.tree(net.net(), new FreezePlan(java.util.Set.of()));
            return new NetworkPreview(source.describe(), spec, tree, net.net().stages(),
                    net.net().backboneRunsAsOneModule());
        }
    }

    /** @return the leaf layers' paths in forward order */
    public List<String> layerPaths() {
        List<String> out = new ArrayList<>();
        collect(tree, out);
        return out;
    }

    private static void collect(LayerNode node, List<String> out) {
        if (node.children().isEmpty()) {
            out.add(node.path());
        }
        node.children().forEach(c -> collect(c, out));
    }

    /**
     * What a recipe would train on this network.
     *
     * @param recipe the recipe (its freeze choice, warm-up and epochs)
     * @return the scope
     * @throws FreezeException when the choice names no layer, trains nothing, or cannot be honoured
     *     exactly by this model's format
     */
    public TrainingScope scope(Recipe recipe) throws FreezeException {
        List<String> layers = layerPaths();
        FreezePlan plan = FreezePlan.resolve(layers, stages, recipe.freeze(), recipe.trainLast(), wholeModule);
        return TrainingScope.of(layers, stages, plan, recipe.probeEpochs(), recipe.epochs());
    }
}
