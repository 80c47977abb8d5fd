package dev.graft.ui.training;

import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunEvent;
import dev.graft.core.util.Durations;
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
     * @param claim the claimed run folder
     * @param safeCpu with the safe CPU setting
     */
    public void start(List<String> args, RunClaim claim, boolean safeCpu) {
        if (state.get() == RunState.RUNNING || state.get() == RunState.STOPPING) {
            claim.close();
            return;
        }
        Path dir = claim.folder().dir();
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
        int id = ++runId;
        handle = launcher.start(args, claim, safeCpu, e -> inbox.add(new Tagged(id, e)),
                x -> inbox.add(new Tagged(id, x)));
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
     * @param claim the new run folder
     */
    public void retrySafe(RunClaim claim) {
        start(lastArgs, claim, true);
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
            if (item.message() instanceof RunEvent event) {
                event.dispatch(new Applier(newLoss, newAcc));
            } else if (item.message() instanceof TrainingProcess.Exit exit) {
                exited(exit);
            }
        }
        batchLoss.addAll(newLoss);
        batchAccuracy.addAll(newAcc);
    }

    /** Applies one drained event to the properties. */
    private final class Applier implements RunEvent.Handler {
        private final List<ChartPoint> newLoss;
        private final List<ChartPoint> newAcc;

        Applier(List<ChartPoint> newLoss, List<ChartPoint> newAcc) {
            this.newLoss = newLoss;
            this.newAcc = newAcc;
        }

        @Override
        public void runStarted(RunEvent.RunStarted e) {
            message.set(String.format(Locale.ROOT, "Training on %s: %d train / %d validation images · %s",
                    e.device(), e.trainImages(), e.valImages(), e.note()));
        }

        @Override
        public void caching(RunEvent.Caching e) {
            progress.set(e.total() == 0 ? -1 : e.done() / (double) e.total());
            progressText.set(String.format(Locale.ROOT, "Computing backbone features once: %d/%d (%s) · ETA %s",
                    e.done(), e.total(), e.what(), Durations.format(e.etaSeconds())));
        }

        @Override
        public void batch(RunEvent.Batch e) {
            double x = e.epoch() - 1 + e.batch() / (double) e.batches();
            smoothLoss = Double.isNaN(smoothLoss) ? e.loss() : SMOOTHING * e.loss() + (1 - SMOOTHING) * smoothLoss;
            smoothAccuracy = Double.isNaN(smoothAccuracy) ? e.accuracy()
                    : SMOOTHING * e.accuracy() + (1 - SMOOTHING) * smoothAccuracy;
            newLoss.add(new ChartPoint(x, smoothLoss));
            newAcc.add(new ChartPoint(x, smoothAccuracy));
            progress.set(x / e.epochs());
            progressText.set(String.format(Locale.ROOT, "Epoch %d/%d · %.0f img/s · ETA %s", e.epoch(), e.epochs(),
                    e.imagesPerSecond(), Durations.format(e.etaSeconds())));
        }

        @Override
        public void validation(RunEvent.Validation e) {
            valLoss.add(new ChartPoint(e.epoch(), e.valLoss()));
            valAccuracy.add(new ChartPoint(e.epoch(), e.valAccuracy()));
        }

        @Override
        public void finished(RunEvent.Finished e) {
            progress.set(e.stopped() ? progress.get() : 1);
            modelDir.set(e.modelDir() == null ? null : Path.of(e.modelDir()));
            String acc = e.valAccuracy() == null ? "" : String.format(Locale.ROOT, " · validation accuracy %.1f %%",
                    100 * e.valAccuracy());
            message.set(String.format(Locale.ROOT, "%s after %d epoch%s%s", e.stopped() ? "Stopped" : "Done",
                    e.epochsCompleted(), e.epochsCompleted() == 1 ? "" : "s", acc));
            state.set(e.stopped() ? RunState.STOPPED : RunState.COMPLETED); // last: listeners read the above
        }

        @Override
        public void failed(RunEvent.Failed e) {
            fail(e.cause(), e.hint(), false);
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
