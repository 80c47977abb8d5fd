package dev.graft.ui.labelling;

import java.nio.file.Path;
import java.util.Locale;

/**
 * A request for "where did the model look?" on an inbox image: the run whose model pre-sorted it
 * and the class it predicted, or why there is no heat map to ask for (no model, not pre-sorted yet,
 * not classifiable, a model without a spatial map). Decided by the view-model without a toolkit;
 * the view only opens the heat map's window when it is {@link #available()}.
 *
 * @param file the image, or null when no image was chosen
 * @param run the run folder whose model pre-sorted it, or null
 * @param runName the run's name
 * @param predicted the model's class for it (the model's own name), or null
 * @param confidence the model's calibrated probability of that class
 * @param familiar false when the image is unlike the images the model knows
 * @param unavailable why there is no heat map to ask for, or null when there is
 */
public record InboxHeatMap(Path file, Path run, String runName, String predicted, double confidence,
        boolean familiar, String unavailable) {

    /**
     * A request that cannot be made.
     *
     * @param file the image, or null
     * @param why the sentence to show
     * @return the request, unavailable
     */
    static InboxHeatMap no(Path file, String why) {
        return new InboxHeatMap(file, null, null, null, 0, true, why);
    }

    /** @return true when the heat map can be asked for */
    public boolean available() {
        return unavailable == null;
    }

    /** @return the line above the heat map: which run sorted the image where, and how sure it was */
    public String heading() {
        return String.format(Locale.ROOT, "Run '%s' pre-sorted %s as '%s' (%.0f %%%s).", runName,
                file.getFileName(), predicted, 100 * confidence, familiar ? ""
                        : ", but the image is unlike the ones it knows");
    }
}
