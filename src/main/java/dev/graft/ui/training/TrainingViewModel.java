package dev.graft.ui.training;

import static dev.graft.core.run.EventFields.eta;
import static dev.graft.core.run.EventFields.num;
import static dev.graft.core.run.EventFields.str;

import com.google.gson.JsonObject;
import dev.graft.engine.process.TrainingProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A training run as the window shows it. Events arrive from the worker's reader thread into a
 * queue; {@link #drain()} (called once per UI pulse) applies them all at once, so a burst of batch
 * events costs one chart update, and the UI thread never waits on the worker.
 */
public final class TrainingViewModel {

    /** Weight of the newest batch in the smoothed loss and accuracy curves. */
    private static final double SMOOTHING = 0.3;

    private final TrainingLauncher launcher;
    private final Queue<Tagged> inbox = new ConcurrentLinkedQueue<>();
    private final ObjectProperty<RunState> state = new SimpleObjectProperty<>(RunState.IDLE);
    private final ObservableList<ChartPoint> batchLoss = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> valLoss = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> batchAccuracy = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> valAccuracy = FXCollections.observableArrayList();
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty progressText = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("Ready");
    private final StringProperty failureHint = new SimpleStringProperty();
    private final BooleanProperty offerSafeRetry = new SimpleBooleanProperty();
    private final ObjectProperty<Path> runDir = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> modelDir = new SimpleObjectProperty<>();
    private TrainingLauncher.Handle handle;
    /** Identifies the current run; events and exits of earlier runs still in the queue are ignored. */
    private int runId;
    private List<String> lastArgs = List.of();
    private double smoothLoss = Double.NaN;
    private double smoothAccuracy = Double.NaN;

    /**
     * Creates the view-model.
     *
     * @param launcher starts workers
     */
    public TrainingViewModel(TrainingLauncher launcher) {
        this.launcher = launcher;
    }

    /**
     * Starts a run.
     *
     * @param args worker options (data, model, freeze, recipe)
     * @param dir the run folder
     * @param safeCpu with the safe CPU setting
     */
    public void start(List<String> args, Path dir, boolean safeCpu) {
        if (state.get() == RunState.RUNNING || state.get() == RunState.STOPPING) {
            return;
        }
        lastArgs = List.copyOf(args);
        batchLoss.clear();
        valLoss.clear();
        batchAccuracy.clear();
        valAccuracy.clear();
        smoothLoss = Double.NaN;
        smoothAccuracy = Double.NaN;
        progress.set(-1);
        progressText.set("Starting the engine …");
        message.set(safeCpu ? "Training with the safe CPU setting" : "Training");
        failureHint.set(null);
        offerSafeRetry.set(false);
        runDir.set(dir);
        modelDir.set(null);
        state.set(RunState.RUNNING);
        List<String> full = new ArrayList<>(args);
        full.add("--out");
        full.add(dir.toString());
        int id = ++runId;
        handle = launcher.start(full, dir, safeCpu, e -> inbox.add(new Tagged(id, e)), x -> inbox.add(new Tagged(id, x)));
    }

    /** Asks the run to stop after its current batch; it writes a checkpoint first. */
    public void stop() {
        if (handle != null && state.get() == RunState.RUNNING) {
            state.set(RunState.STOPPING);
            message.set("Stopping after this batch …");
            handle.stop();
        }
    }

    /**
     * Retries the last run with the safe CPU setting, into a new folder.
     *
     * @param dir the new run folder
     */
    public void retrySafe(Path dir) {
        start(lastArgs, dir, true);
    }

    /** Applies every event that arrived since the last call. Call on the UI thread. */
    public void drain() {
        List<ChartPoint> newLoss = new ArrayList<>();
        List<ChartPoint> newAcc = new ArrayList<>();
        Tagged item;
        while ((item = inbox.poll()) != null) {
            if (item.run() != runId) {
                continue; // a late message of an earlier run
            }
            if (item.message() instanceof JsonObject event) {
                apply(event, newLoss, newAcc);
            } else if (item.message() instanceof TrainingProcess.Exit exit) {
                exited(exit);
            }
        }
        batchLoss.addAll(newLoss);
        batchAccuracy.addAll(newAcc);
    }

    private void apply(JsonObject e, List<ChartPoint> newLoss, List<ChartPoint> newAcc) {
        switch (e.get("type").getAsString()) {
            case "run_started" -> message.set(String.format(Locale.ROOT, "Training on %s: %d train / %d validation"
                    + " images · %s", str(e, "device"), (int) num(e, "trainImages"), (int) num(e, "valImages"),
                    str(e, "note")));
            case "caching" -> {
                progress.set(num(e, "done") / num(e, "total"));
                progressText.set(String.format(Locale.ROOT, "Computing backbone features once: %d/%d images",
                        (int) num(e, "done"), (int) num(e, "total")));
            }
            case "batch" -> {
                double x = num(e, "epoch") - 1 + num(e, "batch") / num(e, "batches");
                smoothLoss = Double.isNaN(smoothLoss) ? num(e, "loss")
                        : SMOOTHING * num(e, "loss") + (1 - SMOOTHING) * smoothLoss;
                smoothAccuracy = Double.isNaN(smoothAccuracy) ? num(e, "accuracy")
                        : SMOOTHING * num(e, "accuracy") + (1 - SMOOTHING) * smoothAccuracy;
                newLoss.add(new ChartPoint(x, smoothLoss));
                newAcc.add(new ChartPoint(x, smoothAccuracy));
                progress.set(x / num(e, "epochs"));
                progressText.set(String.format(Locale.ROOT, "Epoch %d/%d · %.0f img/s · ETA %s", (int) num(e, "epoch"),
                        (int) num(e, "epochs"), num(e, "imagesPerSecond"), eta(num(e, "etaSeconds"))));
            }
            case "validation" -> {
                valLoss.add(new ChartPoint(num(e, "epoch"), num(e, "valLoss")));
                valAccuracy.add(new ChartPoint(num(e, "epoch"), num(e, "valAccuracy")));
            }
            case "finished" -> {
                boolean stopped = "stopped".equals(str(e, "status"));
                progress.set(stopped ? progress.get() : 1);
                modelDir.set(Path.of(str(e, "modelDir")));
                message.set(String.format(Locale.ROOT, "%s after %d epochs · validation accuracy %.1f %%",
                        stopped ? "Stopped (checkpoint saved)" : "Done", (int) num(e, "epochsCompleted"),
                        100 * num(e, "valAccuracy")));
                state.set(stopped ? RunState.STOPPED : RunState.COMPLETED); // last: listeners read the above
            }
            case "failed" -> fail(str(e, "cause"), e.has("hint") ? str(e, "hint") : null, false);
            default -> { }
        }
    }

    private void exited(TrainingProcess.Exit exit) {
        if (exit.crashed()) {
            fail(exit.cause(), exit.hint(), exit.sigfpe());
        } else if (state.get() == RunState.RUNNING || state.get() == RunState.STOPPING) {
            // ended without a finished/failed event it could report
            fail("The training process ended unexpectedly (exit " + exit.exitCode() + ").", null, false);
        }
        handle = null;
    }

    private void fail(String cause, String hint, boolean sigfpe) {
        message.set(cause);
        failureHint.set(hint);
        offerSafeRetry.set(sigfpe);
        progressText.set("");
        state.set(RunState.FAILED);
    }

    /** A message from a worker, tagged with its run. */
    private record Tagged(int run, Object message) {}

    /** @return true from start until the worker process has ended (the UI keeps draining until then) */
    public boolean isActive() {
        return handle != null;
    }

    /** @return run state */
    public ObjectProperty<RunState> stateProperty() {
        return state;
    }

    /** @return smoothed per-batch training loss */
    public ObservableList<ChartPoint> batchLoss() {
        return batchLoss;
    }

    /** @return validation loss per epoch */
    public ObservableList<ChartPoint> valLoss() {
        return valLoss;
    }

    /** @return smoothed per-batch training accuracy */
    public ObservableList<ChartPoint> batchAccuracy() {
        return batchAccuracy;
    }

    /** @return validation accuracy per epoch */
    public ObservableList<ChartPoint> valAccuracy() {
        return valAccuracy;
    }

    /** @return 0..1, or -1 while starting */
    public DoubleProperty progressProperty() {
        return progress;
    }

    /** @return "Epoch 3/30 · 245 img/s · ETA 0:12" */
    public StringProperty progressTextProperty() {
        return progressText;
    }

    /** @return what is happening, or the cause of a failure */
    public StringProperty messageProperty() {
        return message;
    }

    /** @return what the user can do about a failure */
    public StringProperty failureHintProperty() {
        return failureHint;
    }

    /** @return true when the failure was the SIGFPE quirk and a safe retry is offered */
    public BooleanProperty offerSafeRetryProperty() {
        return offerSafeRetry;
    }

    /** @return the current run folder */
    public ObjectProperty<Path> runDirProperty() {
        return runDir;
    }

    /** @return the exported model of the finished run */
    public ObjectProperty<Path> modelDirProperty() {
        return modelDir;
    }
}
