package dev.graft.engine.catalogue;

import ai.djl.Device;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.model.FreezePlan;
import dev.graft.core.model.LayerNode;
import dev.graft.core.run.RecipeDefaults;
import dev.graft.engine.net.LayerTrees;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.train.FeatureTaps;
import dev.graft.engine.net.NetLoader;
import java.util.List;

/**
 * The network a training run would build from a model, before any data is read: the same feature
 * taps and a new head, so the workbench's layer tree counts exactly what will train.
 *
 * @param model what the user picked, as a description
 * @param spec the architecture training will build
 * @param tree its layer tree with nothing frozen
 * @param stages backbone stages in forward order
 * @param wholeModule true for TorchScript (only all-or-nothing freezing is exact)
 */
public record NetworkPreview(String model, ArchitectureSpec spec, LayerNode tree, List<String> stages,
        boolean wholeModule) {

    /**
     * Builds the preview.
     *
     * @param modelRef catalogue id, file or folder
     * @param classes class names of the dataset (a placeholder list when none is open yet)
     * @param imageSize input size
     * @return the preview
     * @throws Exception if the model cannot be resolved or built
     */
    public static NetworkPreview of(String modelRef, List<String> classes, int imageSize) throws Exception {
        ModelSource source = ModelCatalogue.resolve(modelRef, imageSize);
        ArchitectureSpec tapped = FeatureTaps.apply(source, RecipeDefaults.FEATURES);
        ArchitectureSpec spec = tapped.withHead(classes,
                dev.graft.engine.train.HeadContinuation.hidden(source, tapped, classes, List.of()),
                RecipeDefaults.DROPOUT, imageSize);
        try (LoadedNet net = NetLoader.create(spec, source.dir(), Device.cpu(), null)) {
            LayerNode tree = LayerTrees.tree(net.net(), new FreezePlan(java.util.Set.of()));
            return new NetworkPreview(source.describe(), spec, tree, net.net().stages(),
                    net.net().backboneRunsAsOneModule());
        }
    }
}
