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
 * @param familiar false when the image is unlike anything the model knows (never sure)
 */
public record Tile(Path file, String predicted, double confidence, boolean familiar) {

    /**
     * A tile without a prediction.
     *
     * @param file the file
     */
    public Tile(Path file) {
        this(file, null, 0, true);
    }

    /** @return the caption */
    public String caption() {
        if (predicted == null) {
            return file.getFileName().toString();
        }
        String shown = String.format(Locale.ROOT, "%s %.0f %%", predicted, 100 * confidence);
        return familiar ? shown : "unfamiliar · " + shown;
    }

    /**
     * Whether the model is sure of this image.
     *
     * @param threshold how sure it must be
     * @return true for a familiar image predicted at or above the threshold
     */
    public boolean sure(double threshold) {
        return predicted != null && familiar && confidence >= threshold;
    }
}
