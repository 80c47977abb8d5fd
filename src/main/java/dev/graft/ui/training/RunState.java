package dev.graft.ui.training;

/** Where a training run is. */
public enum RunState {
    /** No run yet. */
    IDLE,
    /** The worker is starting or training. */
    RUNNING,
    /** Stop was asked; the worker is writing its checkpoint. */
    STOPPING,
    /** Finished all epochs. */
    COMPLETED,
    /** Stopped by the user, with a checkpoint. */
    STOPPED,
    /** Failed or crashed; see the cause. */
    FAILED
}
