package dev.graft.ui.labelling;

import java.nio.file.Path;
import java.util.Locale;

/**
 * An image in the labelling grid, with the model's prediction for it when it lies in the inbox.
 * A value of its own (not nested in {@link LabellingViewModel}) because the grid, the inbox order
 * ({@link Sort}) and the view-model all use it.
 *
 * @param file the file
 * @param predicted the model's class for it (inbox only), or null
 * @param confidence the model's probability for that class
 */
public record Tile(Path file, String predicted, double confidence) {
    /** @return the caption */
    public String caption() {
        return predicted == null ? file.getFileName().toString()
                : String.format(Locale.ROOT, "%s %.0f %%", predicted, 100 * confidence);
    }
}
