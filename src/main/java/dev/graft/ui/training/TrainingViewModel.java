package dev.graft.ui.training;

import dev.graft.core.run.Recipe;
import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunSpeeds;
import dev.graft.core.util.Durations;
import dev.graft.engine.process.TrainingProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A training run as the window shows it. Events arrive from the worker's reader thread into a
 * queue; {@link #drain()} (called once per UI pulse) applies them all at once, so a burst of batch
 * events costs one chart update, and the UI thread never waits on the worker. Every message names
 * the run it belongs to; nothing of a run outlives the next one's start.
 */
public final class TrainingViewModel {

    /** Weight of the newest batch in the smoothed loss and accuracy curves. */
    private static final double SMOOTHING = 0.3;

    private final TrainingLauncher launcher;
    private final Queue<Tagged> inbox = new ConcurrentLinkedQueue<>();
    private final ReadOnlyObjectWrapper<RunState> state = new ReadOnlyObjectWrapper<>(RunState.IDLE);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ObservableList<ChartPoint> batchLoss = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> valLoss = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> batchAccuracy = FXCollections.observableArrayList();
    private final ObservableList<ChartPoint> valAccuracy = FXCollections.observableArrayList();
    private final ReadOnlyIntegerWrapper epochs = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    /** What the view says before a run, and again after another dataset is opened. */
    static final String NO_RUN = "No run yet: press Train (Ctrl+Enter) to train the model and layers chosen on the"
            + " Layers tab with this recipe.";
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(NO_RUN);
    private final ReadOnlyStringWrapper dataset = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper failureHint = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper offerSafeRetry = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Path> runDir = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper runName = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<RunEvent.Finished> finished = new ReadOnlyObjectWrapper<>();
    private TrainingLauncher.Handle handle;
    /** Identifies the current run; events and exits of earlier runs still in the queue are ignored. */
    private int runId;
    private Recipe lastRecipe;
    /** How fast this kind of recipe ran before, for the whole run's time left during its first pass. */
    private RunSpeeds.Speed expected;
    private int trainImages;
    /** What the run's first once-only pass computes (the whole run's time left follows only it). */
    private String firstPass;
    private double smoothLoss = Double.NaN;
    private double smoothAccuracy = Double.NaN;
    private double lastTrainAccuracy = Double.NaN;

    /**
     * Creates the view-model.
     *
     * @param launcher starts workers
     */
    public TrainingViewModel(TrainingLauncher launcher) {
        this.launcher = launcher;
        state.addListener((o, a, s) -> busy.set(isBusy()));
    }

    /**
     * Starts a run.
     *
     * @param recipe what to train
     * @param claim the claimed run folder (released when the worker ends)
     * @param safeCpu with the safe CPU setting
     */
    public void start(Recipe recipe, RunClaim claim, boolean safeCpu) {
        if (isBusy()) {
            claim.close();
            return;
        }
        lastRecipe = recipe;
        expected = RunSpeeds.user().of(recipe);
        trainImages = 0;
        batchLoss.clear();
        valLoss.clear();
        batchAccuracy.clear();
        valAccuracy.clear();
        smoothLoss = Double.NaN;
        smoothAccuracy = Double.NaN;
        lastTrainAccuracy = Double.NaN;
        epochs.set(recipe.epochs());
        progress.set(-1);
        progressText.set("Starting the training process …");
        runName.set(claim.owner().name());
        dataset.set(recipe.data() == null ? null : java.nio.file.Path.of(recipe.data()).getFileName().toString());
        runDir.set(claim.folder().dir());
        message.set("Run '" + claim.owner().name() + "'" + (safeCpu ? " (safe CPU setting)" : "") + ": starting …");
        failureHint.set(null);
        offerSafeRetry.set(false);
        finished.set(null);
        state.set(RunState.RUNNING);
        int id = ++runId;
        try {
            handle = launcher.start(recipe, claim, safeCpu, e -> inbox.add(new Tagged(id, e)),
                    x -> inbox.add(new Tagged(id, x)));
        } catch (RuntimeException e) {
            // never left "running" without a process: the form and the model list would stay locked
            fail("The training process could not be started: " + e.getMessage(), null, false);
        }
    }

    /**
     * Forgets the last run's curves and messages (another dataset was opened); a run that is still
     * training stays shown, it goes on.
     */
    public void clear() {
        if (isBusy()) {
            return;
        }
        runId++; // late events of the old run are ignored
        inbox.clear();
        batchLoss.clear();
        valLoss.clear();
        batchAccuracy.clear();
        valAccuracy.clear();
        epochs.set(0);
        progress.set(0);
        progressText.set("");
        message.set(NO_RUN);
        failureHint.set(null);
        offerSafeRetry.set(false);
        runDir.set(null);
        runName.set(null);
        dataset.set(null);
        finished.set(null);
        state.set(RunState.IDLE);
    }

    /** @return the folder name of the dataset the shown run trains on, or null */
    public ReadOnlyStringProperty datasetProperty() {
        return dataset.getReadOnlyProperty();
    }

    /** Asks the run to stop after its current batch; it keeps what it trained. */
    public void stop() {
        if (handle != null && state.get() == RunState.RUNNING) {
            state.set(RunState.STOPPING);
            message.set("Run '" + runName.get() + "': stopping after this batch …");
            progressText.set("");
            handle.stop();
        }
    }

    /**
     * Retries the last run with the safe CPU setting, into a new folder.
     *
     * @param claim the new run folder
     */
    public void retrySafe(RunClaim claim) {
        start(lastRecipe, claim, true);
    }

    /** Applies every event that arrived since the last call. Call on the UI thread. */
    public void drain() {
        List<ChartPoint> newLoss = new ArrayList<>();
        List<ChartPoint> newAcc = new ArrayList<>();
        Applier applier = new Applier(newLoss, newAcc);
        Tagged item;
        while ((item = inbox.poll()) != null) {
            if (item.run() != runId) {
                continue; // a late message of an earlier run
            }
            if (item.message() instanceof RunEvent event) {
                event.dispatch(applier);
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
            trainImages = e.trainImages();
            firstPass = null;
            message.set(String.format(Locale.ROOT, "Run '%s': training on %s · %d training / %d validation images"
                    + " · %s", runName.get(), e.device(), e.trainImages(), e.valImages(), e.note()));
        }

        @Override
        public void caching(RunEvent.Caching e) {
            progress.set(e.total() == 0 ? -1 : e.done() / (double) e.total());
            // e.what() names the pass: "features of …", "outputs of the frozen stages of …", "head warm-up: …"
            String what = e.what().isEmpty() ? "" : Character.toUpperCase(e.what().charAt(0)) + e.what().substring(1);
            if (firstPass == null) {
                firstPass = e.what();
            }
            // the whole run's time left is the first pass's ETA plus the epochs; the later passes are short
            progressText.set(String.format(Locale.ROOT, "%s: %d of %d · ETA %s", what, e.done(),
                    e.total(), Durations.format(e.etaSeconds()))
                    + (e.what().equals(firstPass) ? RunSpeeds.wholeRunLeft(expected, e.etaSeconds(), epochs.get(),
                            trainImages) : ""));
        }

        @Override
        public void batch(RunEvent.Batch e) {
            double x = e.epoch() - 1 + e.batch() / (double) e.batches();
            smoothLoss = Double.isNaN(smoothLoss) ? e.loss() : SMOOTHING * e.loss() + (1 - SMOOTHING) * smoothLoss;
            smoothAccuracy = Double.isNaN(smoothAccuracy) ? e.accuracy()
                    : SMOOTHING * e.accuracy() + (1 - SMOOTHING) * smoothAccuracy;
            newLoss.add(new ChartPoint(x, smoothLoss));
            newAcc.add(new ChartPoint(x, smoothAccuracy));
            epochs.set(e.epochs());
            if (state.get() == RunState.RUNNING) {
                progress.set(x / e.epochs());
                progressText.set(String.format(Locale.ROOT, "Epoch %d of %d · %.0f images/s · ETA %s", e.epoch(),
                        e.epochs(), e.imagesPerSecond(), Durations.format(e.etaSeconds())));
            }
        }

        @Override
        public void validation(RunEvent.Validation e) {
            valLoss.add(new ChartPoint(e.epoch(), e.valLoss()));
            valAccuracy.add(new ChartPoint(e.epoch(), e.valAccuracy()));
        }

        @Override
        public void epoch(RunEvent.Epoch e) {
            lastTrainAccuracy = e.accuracy();
        }

        @Override
        public void finished(RunEvent.Finished e) {
            progressText.set("");
            if (!e.stopped()) {
                progress.set(1);
            }
            message.set(TrainingMessages.finished(runName.get(), e, epochs.get()));
            finished.set(e);
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
        } else if (isBusy()) {
            // ended without a finished/failed event it could report
            fail("The training process ended unexpectedly (exit " + exit.exitCode() + ").", null, false);
        }
        handle = null;
    }

    private void fail(String cause, String hint, boolean sigfpe) {
        if (state.get() == RunState.FAILED) {
            return; // the crash event and the exit describe the same failure
        }
        message.set("Run '" + runName.get() + "' failed: " + cause);
        failureHint.set(hint);
        offerSafeRetry.set(sigfpe);
        progressText.set("");
        progress.set(0);
        state.set(RunState.FAILED);
    }

    /** A message from a worker, tagged with its run. */
    private record Tagged(int run, Object message) {}

    /** @return true from start until the worker process has ended (the UI keeps draining until then) */
    public boolean isActive() {
        return handle != null;
    }

    private boolean isBusy() {
        return state.get() == RunState.RUNNING || state.get() == RunState.STOPPING;
    }

    /** @return true while a run trains or is stopping: what it was started with must not change on screen */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** @return run state */
    public ReadOnlyObjectProperty<RunState> stateProperty() {
        return state.getReadOnlyProperty();
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

    /** @return the epochs of the current run (the charts' epoch axis), 0 before any run */
    public ReadOnlyIntegerProperty epochsProperty() {
        return epochs.getReadOnlyProperty();
    }

    /** @return 0..1, or -1 while starting */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** @return "Epoch 3 of 30 · 245 images/s · ETA 0:12"; empty when nothing is running */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** @return what is happening to which run, or the cause of a failure */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** @return what the user can do about a failure */
    public ReadOnlyStringProperty failureHintProperty() {
        return failureHint.getReadOnlyProperty();
    }

    /** @return true when the failure was the SIGFPE quirk and a safe retry is offered */
    public ReadOnlyBooleanProperty offerSafeRetryProperty() {
        return offerSafeRetry.getReadOnlyProperty();
    }

    /** @return the current run folder */
    public ReadOnlyObjectProperty<Path> runDirProperty() {
        return runDir.getReadOnlyProperty();
    }

    /** @return the current run's name */
    public ReadOnlyStringProperty runNameProperty() {
        return runName.getReadOnlyProperty();
    }

    /** @return how the current run finished, null while it runs or when it failed */
    public ReadOnlyObjectProperty<RunEvent.Finished> finishedProperty() {
        return finished.getReadOnlyProperty();
    }

    /** @return the last completed epoch's training accuracy of the current run (NaN before one) */
    public double lastTrainAccuracy() {
        return lastTrainAccuracy;
    }
}
