package dev.graft.ui.results;

import dev.graft.core.run.Failures;
import dev.graft.core.eval.Evaluation;
import dev.graft.core.run.RunCheckpoints;
import dev.graft.core.run.RunFolder;
import dev.graft.core.run.RunOutcome;
import dev.graft.core.run.RunRecord;
import dev.graft.core.run.RunRecords;
import dev.graft.core.util.Json;
import dev.graft.ui.common.Background;
import dev.graft.ui.common.Latest;
import dev.graft.ui.common.Messages;
import dev.graft.ui.history.HistoryViewModel;
import dev.graft.ui.training.TrainingMessages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * What one run got wrong, always naming the run: which run, model, recipe and dataset; its
 * model's accuracy (the same number the status bar and the history show, read from the same
 * files); confusion matrix, per-class precision and recall, the most confident mistakes; what to
 * do next; and where the exported model is with how to load it.
 */
public final class ResultsViewModel {

    /** What the view says when no run is shown. */
    static final String NOTHING = "No results yet: train a model, or pick a run in History.";

    private final Latest reading;
    private final ExportViewModel exporter;
    private final CalibrationViewModel calibration;
    private final ReadOnlyObjectWrapper<RunRecord> run = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Evaluation> evaluation = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(NOTHING);
    private final ReadOnlyStringWrapper details = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("");
    private final ObservableList<String> insights = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper exportNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Path> modelDir = new ReadOnlyObjectWrapper<>();
    /** Mistakes relabelled from this view: file → the class it was moved to. */
    /** Relabellings taken back with Ctrl+Z, which Ctrl+Shift+Z may make again. */
    private final java.util.Map<String, String> undoneRelabels = new java.util.HashMap<>();
    private final javafx.collections.ObservableMap<String, String> relabelled =
            javafx.collections.FXCollections.observableHashMap();
    private final ReadOnlyStringWrapper plan = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper rescue = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<RunCheckpoints.Saved> rescueCheckpoint = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper canRetry = new ReadOnlyBooleanWrapper();
    private final javafx.beans.property.BooleanProperty trainingBusy = new javafx.beans.property.SimpleBooleanProperty();
    private java.util.function.BiConsumer<Path, String> relabeller = (file, cls) -> { };
    private Runnable retrain = () -> { };
    private RunActions actions = RunActions.NONE;

    /** What the workbench does for a run that ended without a model. */
    public interface RunActions {
        /** Does nothing (before the workbench connects). */
        RunActions NONE = new RunActions() {
            @Override
            public void resume(RunRecord run, RunCheckpoints.Saved from) {
            }

            @Override
            public void retry(RunRecord run) {
            }

            @Override
            public void shown(RunRecord run) {
            }
        };

        /**
         * Starts a new run from one of a run's checkpoints, for the epochs it had left.
         *
         * @param run the run
         * @param from the checkpoint
         */
        void resume(RunRecord run, RunCheckpoints.Saved from);

        /**
         * Trains the run's recipe again from the start.
         *
         * @param run the run
         */
        void retry(RunRecord run);

        /**
         * The run changed on disk (its model was adopted): show it again and refresh the history.
         *
         * @param run the run
         */
        void shown(RunRecord run);
    }

    /**
     * Creates the view-model.
     *
     * @param background where files are read
     */
    public ResultsViewModel(Background background) {
        this.reading = new Latest(background);
        this.exporter = new ExportViewModel(background, dev.graft.engine.export.ModelExport::export);
        this.calibration = new CalibrationViewModel(background);
    }

    /** @return the calibration of the run's model (temperature, ECE before and after) */
    public CalibrationViewModel calibration() {
        return calibration;
    }

    /**
     * Shows a run.
     *
     * @param r the run
     * @param previous the run before it on the same dataset (for the comparison), or null
     */
    public void show(RunRecord r, RunRecord previous) {
        run.set(r);
        plan.set(r.plan() == null ? "" : "What it trained: " + r.plan());
        rescue.set("");
        rescueCheckpoint.set(null);
        canRetry.set(false);
        relabelled.clear();
        undoneRelabels.clear();
        evaluation.set(null);
        insights.clear();
        modelDir.set(null);
        exporter.setRun(null);
        calibration.clear();
        title.set("Run '" + r.name() + "'");
        details.set(HistoryViewModel.recipe(r.recipe()) + "  ·  dataset " + (r.recipe() == null ? "?"
                : r.recipe().data()) + "  ·  " + HistoryViewModel.outcome(r));
        exportNote.set("");
        if (!r.hasModel()) {
            headline.set(r.status() == RunOutcome.RUNNING ? "This run is still training." : "This run has no model: "
                    + HistoryViewModel.outcome(r) + ".");
            if (r.status() != RunOutcome.RUNNING) {
                offerRescue(r);
            }
            return;
        }
        RunFolder folder = r.folder();
        headline.set("Reading the evaluation …");
        reading.run(() -> Files.exists(folder.evaluation()) ? Json.COMPACT.fromJson(Files.readString(
                folder.evaluation()), Evaluation.class) : null, e -> {
                    modelDir.set(folder.model());
                    exportNote.set(loadSnippet(folder.model()));
                    exporter.setRun(folder.dir());
                    if (e == null) {
                        headline.set("The run's model has no evaluation (no validation images).");
                        return;
                    }
                    evaluation.set(e);
                    calibration.show(folder.model());
                    int correct = correct(e);
                    String kept = r.warmUpKept() ? " (" + TrainingMessages.WARM_UP_KEPT + ")"
                            : r.status() == RunOutcome.STOPPED ? " (the model of epoch " + r.epochsCompleted() + ")" : "";
                    headline.set(String.format(Locale.ROOT, "Validation accuracy %.1f %%%s: %d of %d images right,"
                            + " %d mistakes", 100 * e.accuracy(), kept, correct, e.images(), e.images() - correct));
                    insights.setAll(ResultsInsights.of(e, r, previous));
                }, failure -> headline.set("Cannot read the evaluation of run '" + r.name() + "': "
                        + Failures.describe(failure)));
    }

    /**
     * Shows nothing, with the reason.
     *
     * @param why what the view says instead ("open a run of this dataset …")
     */
    public void clear(String why) {
        reading.cancel();
        relabelled.clear();
        undoneRelabels.clear();
        run.set(null);
        evaluation.set(null);
        insights.clear();
        modelDir.set(null);
        exporter.setRun(null);
        calibration.clear();
        title.set(why);
        details.set("");
        headline.set("");
        exportNote.set("");
    }

    private static String loadSnippet(Path model) {
        return "Model folder: " + model + "\nLoad it with DJL (Graft's jar on the class path; a model folder is"
                + " code — load only folders you trust):\nCriteria.builder().setTypes(Image.class,"
                + " Classifications.class).optModelPath(Path.of(\"" + model + "\")).optEngine(\"PyTorch\")"
                + ".optTranslatorFactory(new DeferredTranslatorFactory()).build().loadModel()";
    }

    /** @return exporting the shown run's model (ONNX, web page, DJL folder) */
    public ExportViewModel exporter() {
        return exporter;
    }

    /**
     * Reads which whole-epoch checkpoints a run without a model left, and offers them: the best as the
     * run's model, a new run resumed from it, or a retry of the whole recipe.
     */
    private void offerRescue(RunRecord r) {
        canRetry.set(r.recipe() != null);
        reading.run(() -> RunCheckpoints.wholeEpochs(r.folder()), saved -> {
            if (saved.isEmpty()) {
                rescue.set(r.recipe() == null ? "" : "No checkpoint of a whole epoch was saved: Retry trains its recipe"
                        + " again from the start.");
                return;
            }
            RunCheckpoints.Saved best = RunCheckpoints.best(r.folder()).orElse(saved.get(saved.size() - 1));
            rescueCheckpoint.set(best);
            rescue.set(RescueWords.describe(saved, best));
        }, failure -> rescue.set("Its checkpoints cannot be read: " + Failures.describe(failure)));
    }

    /** Makes the offered checkpoint the run's model (a copy in {@code model/}), then shows the run again. */
    public void adoptCheckpoint() {
        RunRecord r = run.get();
        RunCheckpoints.Saved best = rescueCheckpoint.get();
        if (r == null || best == null) {
            return;
        }
        reading.run(() -> {
            RunCheckpoints.adopt(r.folder(), best);
            return RunRecords.read(r.dir());
        }, again -> actions.shown(again), failure -> rescue.set("The checkpoint could not be made the run's model: "
                + Failures.describe(failure)));
    }

    /** Starts a new run from the offered checkpoint (see {@link RunActions#resume}). */
    public void resumeFromCheckpoint() {
        if (run.get() != null && rescueCheckpoint.get() != null) {
            actions.resume(run.get(), rescueCheckpoint.get());
        }
    }

    /** Trains the shown run's recipe again (see {@link RunActions#retry}). */
    public void retry() {
        if (run.get() != null && canRetry.get()) {
            actions.retry(run.get());
        }
    }

    /**
     * Connects what the view offers for runs that ended without a model.
     *
     * @param runActions the workbench's actions
     */
    public void connect(RunActions runActions) {
        this.actions = runActions;
    }

    /** @return what the run trained in which phase, as its first line said; "" when unknown */
    public ReadOnlyStringProperty planProperty() {
        return plan.getReadOnlyProperty();
    }

    /** @return what a run without a model left and what can be done with it; "" when nothing */
    public ReadOnlyStringProperty rescueProperty() {
        return rescue.getReadOnlyProperty();
    }

    /** @return the checkpoint offered as the run's model or as the start of a new run, or null */
    public ReadOnlyObjectProperty<RunCheckpoints.Saved> rescueCheckpointProperty() {
        return rescueCheckpoint.getReadOnlyProperty();
    }

    /** @return true while a run trains (a new one cannot start then); the workbench binds it */
    public javafx.beans.property.BooleanProperty trainingBusyProperty() {
        return trainingBusy;
    }

    /** @return true when the shown run's recipe can be trained again */
    public javafx.beans.property.ReadOnlyBooleanProperty canRetryProperty() {
        return canRetry.getReadOnlyProperty();
    }

    /**
     * Connects relabelling: how a file is moved to a class (the labelling of the open dataset), and
     * how a retrain starts.
     *
     * @param relabeller moves a file of the dataset to a class, undoably
     * @param retrain starts a run with the current recipe
     */
    public void connect(java.util.function.BiConsumer<Path, String> relabeller, Runnable retrain) {
        this.relabeller = relabeller;
        this.retrain = retrain;
    }

    /**
     * Moves a mistake's image to the class it really belongs to (dragged onto a class, or "move to
     * predicted class").
     *
     * @param m the mistake
     * @param cls its right class
     */
    public void relabel(Evaluation.Mistake m, String cls) {
        if (cls.equals(relabelled.getOrDefault(m.file(), m.trueClass()))) {
            return;
        }
        relabeller.accept(Path.of(m.file()), cls);
        relabelled.put(m.file(), cls);
    }

    /**
     * The mistake with a file, if the view shows it.
     *
     * @param file the image's path as the evaluation names it
     * @return the mistake, or null
     */
    public Evaluation.Mistake mistakeOf(String file) {
        Evaluation e = evaluation.get();
        return e == null ? null : e.worstMistakes().stream().filter(m -> m.file().equals(file)).findFirst()
                .orElse(null);
    }

    /**
     * Follows undo and redo: a file moved from here that is back where it was (the user pressed
     * Ctrl+Z) is a mistake to fix again, and a retrain has nothing new from it; when Ctrl+Shift+Z
     * moves it away again, the relabelling counts again. Called after every rescan of the dataset.
     */
    public void forgetUndone() {
        relabelled.entrySet().removeIf(e -> {
            boolean undone = java.nio.file.Files.exists(Path.of(e.getKey()));
            if (undone) {
                undoneRelabels.put(e.getKey(), e.getValue());
            }
            return undone;
        });
        undoneRelabels.entrySet().removeIf(e -> {
            boolean redone = !java.nio.file.Files.exists(Path.of(e.getKey()));
            if (redone) {
                relabelled.put(e.getKey(), e.getValue());
            }
            return redone;
        });
    }

    /** Starts a new run on the relabelled dataset. */
    public void retrain() {
        retrain.run();
    }

    /** @return mistakes relabelled here: file → new class */
    public javafx.collections.ObservableMap<String, String> relabelled() {
        return relabelled;
    }

    static int correct(Evaluation e) {
        int c = 0;
        for (int i = 0; i < e.confusion().length; i++) {
            c += e.confusion()[i][i];
        }
        return c;
    }

    /**
     * Colour intensity of a confusion cell: its share of the true class's images.
     *
     * @param e the evaluation
     * @param t true class
     * @param p predicted class
     * @return 0..1
     */
    public static double share(Evaluation e, int t, int p) {
        int row = 0;
        for (int v : e.confusion()[t]) {
            row += v;
        }
        return row == 0 ? 0 : e.confusion()[t][p] / (double) row;
    }

    /** @return the run shown, or null */
    public ReadOnlyObjectProperty<RunRecord> runProperty() {
        return run.getReadOnlyProperty();
    }

    /** @return the evaluation shown, or null */
    public ReadOnlyObjectProperty<Evaluation> evaluationProperty() {
        return evaluation.getReadOnlyProperty();
    }

    /** @return "Run 'name'", or what is shown instead of a run */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** @return model, recipe, dataset and outcome of the run */
    public ReadOnlyStringProperty detailsProperty() {
        return details.getReadOnlyProperty();
    }

    /** @return the accuracy line */
    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    /** @return what the results suggest doing next */
    public ObservableList<String> insights() {
        return insights;
    }

    /** @return where the model is and how to load it */
    public ReadOnlyStringProperty exportNoteProperty() {
        return exportNote.getReadOnlyProperty();
    }

    /** @return the model folder the snippet names (the run's, or the exported copy), null without a model */
    public ReadOnlyObjectProperty<Path> modelDirProperty() {
        return modelDir.getReadOnlyProperty();
    }
}
