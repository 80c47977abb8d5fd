package dev.graft.ui.training;

import dev.graft.core.run.RunEvent;
import java.util.Locale;

/**
 * How the end of a run is said, in one place: the training view, the status bar and the history
 * all describe a stopped run the same way, with the number of the model the run kept.
 */
public final class TrainingMessages {

    /** Under the recipe form while a run trains. */
    static final String RECIPE_LOCKED = "The run trains with these settings; they can change when it ends.";

    /** Why a run's model is its head warm-up (see {@code PublishedModel}), in the window's words. */
    public static final String WARM_UP_KEPT = "the head warm-up's model: the new head first trained alone, and"
            + " fine-tuning the stages after that ended lower on validation";

    private TrainingMessages() {}

    /**
     * The sentence for a finished or stopped run.
     *
     * @param name the run's name
     * @param e its finished event
     * @param epochs the epochs it was asked for (0 when unknown)
     * @return e.g. "Run 'x' stopped after 2 of 30 epochs; its model (epoch 2) has 48.8 % validation accuracy"
     */
    public static String finished(String name, RunEvent.Finished e, int epochs) {
        String of = epochs > 0 ? " of " + epochs : "";
        String acc = accuracy(e.valAccuracy());
        // the model kept is the warm-up when fine-tuning did worse on validation (PublishedModel)
        String warmUp = e.warmUpPublished() ? " (" + WARM_UP_KEPT + ")" : "";
        if (!e.stopped()) {
            return String.format(Locale.ROOT, "Run '%s' done: %d epoch%s · validation accuracy %s%s", name,
                    e.epochsCompleted(), e.epochsCompleted() == 1 ? "" : "s", acc, warmUp);
        }
        String why = e.reason() == null ? "" : " (" + dev.graft.core.run.StopSignal.inWords(e.reason()) + ")";
        if (e.epochsCompleted() == 0) {
            return "Run '" + name + "' stopped" + why + " before its first epoch finished: no model was saved.";
        }
        String model = e.warmUpPublished() ? "the head warm-up" : "epoch " + e.epochsCompleted();
        return String.format(Locale.ROOT, "Run '%s' stopped%s after %d%s epochs; its model (%s) has %s"
                + " validation accuracy", name, why, e.epochsCompleted(), of, model, acc);
    }

    /**
     * An accuracy for display.
     *
     * @param value 0..1, or null
     * @return "63.4 %" or "– (no validation images)"
     */
    public static String accuracy(Double value) {
        return value == null || value.isNaN() ? "– (no validation images)"
                : String.format(Locale.ROOT, "%.1f %%", 100 * value);
    }
}
