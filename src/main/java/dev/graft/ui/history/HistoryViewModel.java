package dev.graft.ui.history;

import dev.graft.core.run.Failures;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RunCheckpoints;
import dev.graft.core.run.RunNames;
import dev.graft.core.run.RunRecord;
import dev.graft.core.run.RunRecords;
import dev.graft.ui.common.Background;
import dev.graft.ui.common.Latest;
import dev.graft.ui.common.Messages;
import dev.graft.ui.training.ChartPoint;
import dev.graft.ui.training.TrainingMessages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The runs of the open dataset, newest first, and the validation curves of the selected ones
 * overlaid, each in its own colour with its name in the legend.
 */
public final class HistoryViewModel {

    /**
     * One run's curve in the overlay.
     *
     * @param name legend text
     * @param colour index into the palette: the run's place counted from the oldest, so it stays
     *     when newer runs arrive
     * @param points validation accuracy per epoch
     */
    public record Curve(String name, int colour, List<ChartPoint> points) {}

    /** Where a kept head warm-up is drawn: before epoch 1, where it trained. */
    public static final double WARM_UP_X = 0;

    private final Latest listing;
    private final Function<Path, Path> runsOf;
    private final ObservableList<RunRecord> runs = FXCollections.observableArrayList();
    private final ObservableList<Curve> overlay = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper("Open a dataset to see its runs.");
    private final javafx.beans.property.StringProperty elsewhere = new javafx.beans.property.SimpleStringProperty("");
    private Path dataset;

    /**
     * Creates the view-model.
     *
     * @param background where folders are read
     * @param runsOf the folder holding a dataset's runs
     */
    public HistoryViewModel(Background background, Function<Path, Path> runsOf) {
        this.listing = new Latest(background);
        this.runsOf = runsOf;
        elsewhere.addListener((o, a, b) -> {
            if (dataset != null && runs.isEmpty() && placeholder.get().startsWith("No runs")) {
                placeholder.set(noRuns());
            }
        });
    }

    /**
     * Lists the runs of a dataset (in the background).
     *
     * @param data the dataset folder, or null when none is open
     */
    public void refresh(Path data) {
        dataset = data;
        overlay.clear();
        if (data == null) {
            listing.cancel();
            runs.clear();
            placeholder.set("Open a dataset to see its runs.");
            return;
        }
        listing.run(() -> RunRecords.list(runsOf.apply(data), data), list -> {
            runs.setAll(list);
            placeholder.set(noRuns());
        }, failure -> {
            runs.clear();
            placeholder.set("Cannot read the runs of this dataset: " + Failures.describe(failure));
        });
    }

    /** Re-reads the runs of the current dataset. */
    public void refresh() {
        refresh(dataset);
    }

    /**
     * Shows the curves of the selected runs.
     *
     * @param selected the selected runs
     */
    public void select(List<RunRecord> selected) {
        List<Curve> curves = new ArrayList<>();
        for (RunRecord r : selected) {
            List<ChartPoint> points = new ArrayList<>();
            if (r.warmUpAccuracy() != null) {
                // the head warm-up, validated before epoch 1: a run that kept it plots the number it reports
                points.add(new ChartPoint(WARM_UP_X, r.warmUpAccuracy()));
            }
            r.curve().stream().filter(p -> p.valAccuracy() != null)
                    .map(p -> new ChartPoint(p.epoch(), p.valAccuracy())).forEach(points::add);
            // counted from the oldest run: a new run (listed first) leaves every other run's colour
            curves.add(new Curve(legendName(r, selected), Math.max(0, runs.size() - 1 - runs.indexOf(r)), points));
        }
        overlay.setAll(curves);
    }

    /** A run's name in the legend; runs of the same name are told apart by when they started. */
    private static String legendName(RunRecord r, List<RunRecord> selected) {
        long same = selected.stream().filter(o -> o.name().equals(r.name())).count();
        String started = started(r).replace("  ·  ", "");
        String name = same > 1 ? r.name() + " (" + (started.isEmpty() ? r.dir().getFileName() : started) + ")"
                : r.name();
        return r.warmUpKept() ? name + " · kept its warm-up (point at epoch 0)" : name;
    }

    /**
     * A run's row in the list.
     *
     * @param r the run
     * @return "2026-11-28 22:15 · name · 30 epochs · validation 63.4 % · mobilenet_v2 head only, 30 epochs, …"
     *     (the recipe's description left out when the name is that description)
     */
    public static String describe(RunRecord r) {
        String recipe = recipe(r.recipe());
        int comma = recipe.indexOf(", ");
        if (comma > 0 && r.name().equals(recipe.substring(0, comma))) {
            recipe = recipe.substring(comma + 2); // the name already says what trained
        }
        return started(r) + r.name() + "  ·  " + outcome(r) + "  ·  " + recipe;
    }

    /** "2026-11-28 22:15  ·  " from the run's claim, or nothing for folders without one. */
    private static String started(RunRecord r) {
        if (r.created() == null) {
            return "";
        }
        try {
            return java.time.ZonedDateTime.parse(r.created()).format(java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm", Locale.ROOT)) + "  ·  ";
        } catch (java.time.format.DateTimeParseException e) {
            return "";
        }
    }

    /**
     * How a run ended, said the same way everywhere.
     *
     * @param r the run
     * @return e.g. "stopped after 2 epochs · validation 48.8 %"
     */
    public static String outcome(RunRecord r) {
        String epochs = r.epochsCompleted() == 1 ? "1 epoch" : r.epochsCompleted() + " epochs";
        String warmUp = r.warmUpKept() ? " (kept its head warm-up, which did better on validation)" : "";
        if (r.modelFrom() != null) {
            return r.status().word() + (r.reason() == null ? "" : " (" + r.reason() + ")") + " · its model: "
                    + RunCheckpoints.label(r.modelFrom()) + " · validation " + TrainingMessages.accuracy(r.valAccuracy());
        }
        return switch (r.status()) {
            case COMPLETED -> epochs + " · validation " + TrainingMessages.accuracy(r.valAccuracy()) + warmUp;
            case STOPPED -> r.epochsCompleted() == 0 ? "stopped before its first epoch finished"
                    : "stopped after " + epochs + " · validation " + TrainingMessages.accuracy(r.valAccuracy())
                            + warmUp;
            case RUNNING -> "running now";
            default -> r.status() + (r.reason() == null ? "" : ": " + r.reason());
        };
    }

    /**
     * A recipe in a few words.
     *
     * @param recipe the recipe, or null
     * @return "mobilenet_v2 head only, 30 epochs, lr 0.01, 224 px"
     */
    public static String recipe(Recipe recipe) {
        if (recipe == null) {
            return "recipe unknown";
        }
        return String.format(Locale.ROOT, "%s %s, %d epochs, lr %s, %d px%s", RunNames.modelName(recipe),
                RunNames.choice(recipe), recipe.epochs(),
                Float.toString(recipe.lr()), recipe.imageSize(), recipe.augment() ? ", augmented" : "");
    }

    /** @return the runs, newest first */
    public ObservableList<RunRecord> runs() {
        return runs;
    }

    /** @return the curves of the selected runs */
    public ObservableList<Curve> overlay() {
        return overlay;
    }

    /**
     * What keeps Train busy when the run training belongs to another dataset ("" when nothing does):
     * said instead of "press Train" when this dataset has no runs. The workbench binds it.
     *
     * @return the property
     */
    public javafx.beans.property.StringProperty trainingElsewhereProperty() {
        return elsewhere;
    }

    private String noRuns() {
        return "No runs on this dataset yet: " + (elsewhere.get() == null || elsewhere.get().isEmpty() ? "press Train."
                : elsewhere.get());
    }

    /** @return what the empty list says */
    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }
}
