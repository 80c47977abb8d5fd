package dev.graft.ui.labelling;

import java.nio.file.Path;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;

/**
 * The images selected in the labelling grid, and the clicks that change them: a click selects one
 * image, Ctrl (⌘) adds or removes one, Shift selects the run from the last clicked image. Separate
 * from {@link LabellingViewModel} because it is the one piece of the labelling state that is about
 * the grid's gestures, not about the dataset; it works on the grid's order as given.
 */
final class ImageSelection {

    private final ObservableSet<Path> selected = FXCollections.observableSet();
    /** The image a Shift+click selects from. */
    private Path anchor;

    /**
     * A click on an image.
     *
     * @param order the images in grid order
     * @param file the image
     * @param toggle Ctrl (⌘) held: add or remove it
     * @param range Shift held: select from the last clicked image to this one
     */
    void click(List<Path> order, Path file, boolean toggle, boolean range) {
        if (range && anchor != null && order.contains(anchor) && order.contains(file)) {
            int a = order.indexOf(anchor);
            int b = order.indexOf(file);
            if (!toggle) {
                selected.clear();
            }
            selected.addAll(order.subList(Math.min(a, b), Math.max(a, b) + 1));
            return;
        }
        if (toggle) {
            if (!selected.remove(file)) {
                selected.add(file);
            }
        } else {
            selected.clear();
            selected.add(file);
        }
        anchor = file;
    }

    /** Selects nothing, and forgets the last clicked image. */
    void clear() {
        selected.clear();
        anchor = null;
    }

    /**
     * The selected images in an order.
     *
     * @param order the images in grid order
     * @return the selected ones among them
     */
    List<Path> in(List<Path> order) {
        return order.stream().filter(selected::contains).toList();
    }

    /** @return the last image clicked, or null */
    Path anchor() {
        return anchor;
    }

    /** @return the selected images */
    ObservableSet<Path> set() {
        return selected;
    }
}
