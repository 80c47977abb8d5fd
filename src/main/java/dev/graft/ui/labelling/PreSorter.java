package dev.graft.ui.labelling;

import dev.graft.core.run.Failures;
import dev.graft.core.run.RunSpeeds;
import dev.graft.ui.common.Background;
import dev.graft.ui.common.Latest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The model's pre-sorting of the inbox: which run's model classifies the inbox images, the
 * predictions it has made so far (asked for in the background, only for images not yet predicted),
 * what it says about its progress, and which predictions are sure enough to accept as a group. It
 * is separate from {@link LabellingViewModel} because it has its own life: it follows the run the
 * results show, not the folder being labelled, and it outlives relistings of the folder.
 */
final class PreSorter {

    private final Predictor predictor;
    private final Latest predicting;
    private final Map<Path, InboxPrediction> predictions = new HashMap<>();
    private final ReadOnlyStringWrapper info = new ReadOnlyStringWrapper("");
    private Path run;
    private String name;
    /** Inbox images per request to the model: predictions appear piece by piece. */
    static final int PIECE = 128;

    /** The classifying under way, or null. */
    private Progress round;
    /** The model could not be used: not asked again until another run is chosen. */
    private boolean failed;
    /** Why the model in use draws no heat maps (found on the first try), or null. */
    private String noHeatMaps;

    /**
     * Creates the pre-sorting.
     *
     * @param background where inference runs
     * @param predictor classifies inbox images with a run's model
     */
    PreSorter(Background background, Predictor predictor) {
        this.predictor = predictor;
        this.predicting = new Latest(background);
    }

    /**
     * Uses a run's model (null: no model); its predictions are made afresh.
     *
     * @param run the run folder with a model, or null
     * @param name the run's name, for messages
     * @return false when that run's model was already in use (nothing changed)
     */
    boolean use(Path run, String name) {
        if (Objects.equals(run, this.run)) {
            return false;
        }
        this.run = run;
        this.name = name;
        failed = false;
        noHeatMaps = null;
        predictions.clear();
        predicting.cancel();
        round = null;
        info.set(run == null ? "Train a model and it pre-sorts the inbox here: surest first, or hardest first."
                : "Run '" + name + "' pre-sorts the inbox …");
        return true;
    }

    /** Forgets the predictions (another folder is opened). */
    void forget() {
        predictions.clear();
    }

    /**
     * Asks the model about the inbox images it has not predicted yet, a piece at a time: the
     * predictions appear and the progress line (with the time left) moves while a large inbox is
     * classified, instead of nothing for minutes.
     *
     * @param inbox the inbox images now (asked again before each piece), or null before the folder is
     *     listed
     * @param found told on the UI thread when new predictions arrived
     */
    void predictMissing(Supplier<List<Path>> inbox, Runnable found) {
        Path r = run;
        List<Path> now = inbox.get();
        if (r == null || now == null || failed) {
            return;
        }
        List<Path> missing = now.stream().filter(f -> !predictions.containsKey(f)).toList();
        if (missing.isEmpty()) {
            round = null;
            if (!now.isEmpty()) {
                info.set(predictedInfo());
            }
            return;
        }
        if (round == null) {
            round = new Progress(missing.size(), System.nanoTime());
        } else {
            round = round.withRemaining(missing.size());
        }
        info.set(round.sentence(name));
        List<Path> piece = List.copyOf(missing.subList(0, Math.min(PIECE, missing.size())));
        predicting.run(() -> predictor.predict(r, piece), predicted -> {
            if (!r.equals(run)) {
                return;
            }
            for (InboxPrediction p : predicted) {
                predictions.put(p.file(), p);
            }
            round = round == null ? null : round.withDone(predicted.size());
            found.run();
            predictMissing(inbox, found); // the next piece, or the "pre-sorted" line
        }, failure -> {
            if (r.equals(run)) {
                failed = true;
                round = null;
                info.set("Run '" + name + "' cannot pre-sort the inbox: " + Failures.describe(failure));
            }
        });
    }

    /** How far the classifying of the inbox has come since it began. */
    record Progress(int total, int done, long startNanos) {

        Progress(int total, long startNanos) {
            this(total, 0, startNanos);
        }

        Progress withDone(int more) {
            return new Progress(total, done + more, startNanos);
        }

        Progress withRemaining(int remaining) {
            return new Progress(done + remaining, done, startNanos);
        }

        /** @return "Run 'x' is classifying 1,024 of 10,000 images in the inbox · about 3 min left …" */
        String sentence(String run) {
            String counts = done == 0 ? LabellingBrowser.images(total)
                    : String.format(Locale.ROOT, "%,d of %,d images", done, total);
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            String left = done == 0 || seconds <= 0 ? "" : " · about " + RunSpeeds.roughly((total - done) * seconds / done) + " left";
            return "Run '" + run + "' is classifying " + counts + " in the inbox" + left + " …";
        }
    }

    private String predictedInfo() {
        return "Run '" + name + "' pre-sorted the inbox: each image shows its predicted class and how sure the"
                + " model is.";
    }

    /**
     * A grid tile, with the model's prediction when there is one.
     *
     * @param file the image
     * @param inbox true when the image lies in the inbox (only those show predictions)
     * @return the tile
     */
    Tile tile(Path file, boolean inbox) {
        InboxPrediction p = inbox ? predictions.get(file) : null;
        return p == null || p.label() == null ? new Tile(file)
                : new Tile(file, p.label(), p.confidence(), p.familiar());
    }

    /**
     * The model's class for an image, if it has one.
     *
     * @param file an inbox image
     * @return the predicted class, or null
     */
    String predicted(Path file) {
        InboxPrediction p = predictions.get(file);
        return p == null ? null : p.label();
    }

    /**
     * The inbox images the model is sure of ({@link InboxPrediction#sure}: familiar images only).
     *
     * @param inbox the inbox images
     * @param predicted the model's class, or null for every class
     * @param threshold how sure the model must be (0-1)
     * @return image → predicted class, in inbox order
     */
    Map<Path, String> sure(List<Path> inbox, String predicted, double threshold) {
        Map<Path, String> out = new LinkedHashMap<>();
        for (Path f : inbox) {
            InboxPrediction p = predictions.get(f);
            if (p != null && p.sure(threshold) && (predicted == null || predicted.equals(p.label()))) {
                out.put(f, p.label());
            }
        }
        return out;
    }

    /**
     * The sure groups of the inbox, each with the dataset's class its images would go to.
     *
     * @param inbox the inbox images
     * @param threshold how sure the model must be (0-1)
     * @param target the dataset's class for a class of the model, or null when there is none
     * @return the groups, largest first
     */
    List<Group> groups(List<Path> inbox, double threshold, java.util.function.UnaryOperator<String> target) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String c : sure(inbox, null, threshold).values()) {
            counts.merge(c, 1, Integer::sum);
        }
        List<Group> list = new ArrayList<>();
        counts.forEach((c, n) -> list.add(new Group(c, target.apply(c), n)));
        list.sort(Comparator.comparingInt(Group::count).reversed().thenComparing(Group::predicted));
        return list;
    }

    /**
     * Remembers that a run's model has no spatial map to draw (a TorchScript backbone hands its
     * head pooled features), so the next request says so at once instead of loading the model.
     *
     * @param run the run that said so
     * @param why its sentence
     */
    void noHeatMaps(Path run, String why) {
        if (Objects.equals(run, this.run)) {
            noHeatMaps = why;
        }
    }

    /**
     * What a heat map of an image would show, or why there is none to ask for.
     *
     * @param file the image
     * @param inbox true when it lies in the inbox (only those are pre-sorted)
     * @return the request
     */
    InboxHeatMap heatMap(Path file, boolean inbox) {
        if (run == null) {
            return InboxHeatMap.no(file, "No model pre-sorts the inbox yet: train a run (or show one in Results),"
                    + " then ask where it looked.");
        }
        if (!inbox) {
            return InboxHeatMap.no(file, "'" + file.getFileName() + "' is labelled already: heat maps here are for"
                    + " inbox images the model pre-sorted (Results shows them for its mistakes, Try for any image).");
        }
        if (noHeatMaps != null) {
            return InboxHeatMap.no(file, noHeatMaps);
        }
        if (failed) {
            return InboxHeatMap.no(file, "Run '" + name + "' could not pre-sort the inbox, so it has no prediction"
                    + " to explain (see the line above the images).");
        }
        InboxPrediction p = predictions.get(file);
        if (p == null) {
            return InboxHeatMap.no(file, "Run '" + name + "' has not classified '" + file.getFileName()
                    + "' yet: ask again in a moment.");
        }
        if (p.label() == null) {
            return InboxHeatMap.no(file, "Run '" + name + "' could not classify '" + file.getFileName() + "': "
                    + p.error());
        }
        return new InboxHeatMap(file, run, name, p.label(), p.confidence(), p.familiar(), null);
    }

    /** @return the run whose model pre-sorts the inbox, or null */
    Path run() {
        return run;
    }

    /** @return which model pre-sorts the inbox, and how far it got */
    ReadOnlyStringProperty infoProperty() {
        return info.getReadOnlyProperty();
    }
}
