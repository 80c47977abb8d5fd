package dev.graft.ui.labelling;

import dev.graft.ui.tryout.HeatMapWindow;
import dev.graft.ui.tryout.HeatMaps;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;

/**
 * Opens "where did it look?" for a pre-sorted inbox image: the shared {@link HeatMapWindow} with the
 * predicted class first, then the model's likeliest other classes and the dataset's classes it
 * knows. The view-model decides whether there is anything to show and says why not; the heat maps
 * are computed in the background by {@link HeatMaps}, with the window's one model.
 */
final class InboxHeatMaps {

    private final LabellingViewModel vm;
    private final HeatMaps heatMaps;

    /**
     * Creates the opener.
     *
     * @param vm decides what can be explained
     * @param heatMaps computes heat maps
     */
    InboxHeatMaps(LabellingViewModel vm, HeatMaps heatMaps) {
        this.vm = vm;
        this.heatMaps = heatMaps;
    }

    /**
     * Opens the heat map of an image, or tells why there is none.
     *
     * @param owner a node of the window
     * @param file the image, or null for the selected one
     */
    void open(Node owner, Path file) {
        InboxHeatMap h = vm.requestHeatMap(file);
        if (!h.available()) {
            return;
        }
        List<String> datasetClasses = vm.buckets().stream().filter(b -> !b.inbox()).map(Bucket::cls).toList();
        HeatMapWindow.show(owner, "Where it looked · " + h.file().getFileName(), "inboxHeatMap", h.heading(),
                List.of(HeatMapWindow.Choice.of(h.predicted())), datasetClasses,
                (cls, done, failed) -> heatMaps.explain(h.run(), h.runName(), h.file(), cls, done, failed, why -> {
                    vm.noHeatMaps(h.run(), why); // asked again, it says so without loading the model
                    failed.accept(why);
                }));
    }
}
