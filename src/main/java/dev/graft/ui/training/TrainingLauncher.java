package dev.graft.ui.training;

import dev.graft.core.run.Recipe;
import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunEvent;
import dev.graft.engine.process.TrainingProcess;
import java.util.List;
import java.util.function.Consumer;

/** Starts training workers; the app runs real child processes, tests may run them too. */
public interface TrainingLauncher {

    /**
     * A started run.
     */
    interface Handle {
        /** Asks the worker to stop after its batch, with a checkpoint. */
        void stop();
    }

    /**
     * Starts a worker. Callbacks come from a background thread.
     *
     * @param recipe what to train
     * @param claim the claimed run folder (released when the worker ends)
     * @param safeCpu run with the safe CPU setting
     * @param onEvent each event
     * @param onExit how the worker ended
     * @return a handle to stop it
     */
    Handle start(Recipe recipe, RunClaim claim, boolean safeCpu, Consumer<RunEvent> onEvent,
            Consumer<TrainingProcess.Exit> onExit);

    /** @return a launcher of real child processes ({@code graft train-worker}) */
    static TrainingLauncher childProcess() {
        return (recipe, claim, safeCpu, onEvent, onExit) -> {
            TrainingProcess worker = new TrainingProcess(recipe, claim, safeCpu, List.of());
            Thread t = new Thread(() -> {
                TrainingProcess.Exit exit;
                try {
                    exit = worker.run((line, event) -> onEvent.accept(event));
                } catch (Exception e) {
                    claim.close();
                    exit = new TrainingProcess.Exit(-1, true, "Could not start training: " + e.getMessage(), null,
                            false);
                }
                onExit.accept(exit);
            }, "graft-training");
            t.setDaemon(true);
            t.start();
            return worker::stop;
        };
    }
}
