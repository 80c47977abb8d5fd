package dev.graft.ui.tryout;

import dev.graft.core.run.Failures;
import dev.graft.engine.explain.Explanation;
import dev.graft.ui.common.Background;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Heat maps on request, without a toolkit: one image explained for one class by a run's model in
 * the background, with the sentence to show when it cannot be (the image is gone or unreadable, the
 * model has no spatial map, the model cannot be loaded). Results' mistakes and the Label tab's
 * pre-sorted inbox both ask through it, with the window's one {@link Explainers}, so they say the
 * same things and never hold two models.
 */
public final class HeatMaps {

    /** Longest side of the picture computed (twice the Try tab's: the window shows it large). */
    public static final int SIDE = 2 * TryViewModel.PREVIEW_SIDE;

    private final Background background;
    private final Explainers explainers;

    /**
     * Creates the service.
     *
     * @param background where the model runs (never the UI thread)
     * @param explainers the window's model in use
     */
    public HeatMaps(Background background, Explainers explainers) {
        this.background = background;
        this.explainers = explainers;
    }

    /**
     * Explains an image for one class in the background.
     *
     * @param run the run (or model) folder
     * @param runName the run's name, for messages
     * @param file the image
     * @param cls the class to explain, or null for the predicted one
     * @param done receives an explanation with a heat map, on the UI thread
     * @param failed receives a sentence saying why there is none, on the UI thread
     */
    public void explain(Path run, String runName, Path file, String cls, Consumer<Explanation> done,
            Consumer<String> failed) {
        explain(run, runName, file, cls, done, failed, failed);
    }

    /**
     * Explains an image for one class in the background, telling apart a model that has no heat
     * maps at all (a TorchScript backbone: no spatial map), which a caller may remember.
     *
     * @param run the run (or model) folder
     * @param runName the run's name, for messages
     * @param file the image
     * @param cls the class to explain, or null for the predicted one
     * @param done receives an explanation with a heat map, on the UI thread
     * @param failed receives a sentence saying why this image has none, on the UI thread
     * @param noMaps receives the sentence saying why this model has none, on the UI thread
     */
    public void explain(Path run, String runName, Path file, String cls, Consumer<Explanation> done,
            Consumer<String> failed, Consumer<String> noMaps) {
        background.run(() -> Files.isRegularFile(file) ? explainers.explain(run, file, cls, SIDE) : null, e -> {
            String problem = problem(file, e);
            if (problem == null) {
                done.accept(e);
            } else if (e != null && e.error() == null) {
                noMaps.accept(problem);
            } else {
                failed.accept(problem);
            }
        }, f -> failed.accept("Cannot explain with run '" + runName + "': " + Failures.describe(f)));
    }

    /**
     * Why an explanation has no heat map to draw.
     *
     * @param file the image asked about
     * @param e its explanation, or null when the file was not there to explain
     * @return the sentence, or null when there is a heat map
     */
    static String problem(Path file, Explanation e) {
        if (e == null) {
            return "'" + file.getFileName() + "' is no longer there: it was moved, renamed or deleted after the model"
                    + " looked at it.";
        }
        if (e.error() != null) {
            return "Cannot read this image: " + e.error();
        }
        return e.heat() == null ? e.unavailable() : null;
    }

    /**
     * The classes offered for an image: the one asked about first, then the model's other classes,
     * most likely first (the alternatives a user weighs), at most {@code max}.
     *
     * @param e an explanation of the image
     * @param first the class that leads (the predicted one), or null for the most likely
     * @param max how many at most
     * @return class names
     */
    public static List<String> offered(Explanation e, String first, int max) {
        List<String> byProbability = new ArrayList<>(e.classes());
        byProbability.sort(Comparator.comparingDouble((String c) -> e.probability(c)).reversed());
        List<String> out = new ArrayList<>();
        out.add(first != null && e.classes().contains(first) ? first : byProbability.get(0));
        for (String c : byProbability) {
            if (out.size() >= max) {
                break;
            }
            if (!out.contains(c)) {
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The line under a heat map: whose heat it is and how to read the colours.
     *
     * @param e the explanation shown
     * @return the sentence
     */
    public static String note(Explanation e) {
        return String.format(Locale.ROOT, "Where the model looked for '%s' (%.0f %%). Yellow: most; dark violet:"
                + " least; grey: cut away by the square crop, never seen.", e.explained(),
                100 * e.probability(e.explained()));
    }

    /**
     * A class with its probability, as a class button shows it.
     *
     * @param e an explanation of the image
     * @param cls one of the model's classes
     * @return e.g. "food 93 %"
     */
    public static String withProbability(Explanation e, String cls) {
        return String.format(Locale.ROOT, "%s %.0f %%", cls, 100 * e.probability(cls));
    }
}
