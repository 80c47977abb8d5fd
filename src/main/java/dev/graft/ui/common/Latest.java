package dev.graft.ui.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * One kind of background request where only the newest answer counts (open a dataset, load a
 * model's layer tree): starting a request cancels the one before it, so an older, slower answer
 * can never overwrite a newer one.
 */
public final class Latest {

    private final Background background;
    private Background.Job current;
    /** Identifies the newest request; answers of any other are dropped. */
    private Object generation;

    /**
     * Creates the slot.
     *
     * @param background where the work runs
     */
    public Latest(Background background) {
        this.background = background;
    }

    /**
     * Starts a request, dropping the previous one's outcome.
     *
     * @param job the work
     * @param onSuccess receives the result on the UI thread
     * @param onFailure receives the failure on the UI thread
     * @param <T> result type
     */
    public <T> void run(Callable<T> job, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        cancel();
        Object token = new Object();
        generation = token;
        Background.Job job0 = background.run(job, r -> {
            if (generation == token) {
                generation = null;
                current = null;
                onSuccess.accept(r);
            }
        }, e -> {
            if (generation == token) {
                generation = null;
                current = null;
                onFailure.accept(e);
            }
        });
        if (generation == token) {
            current = job0; // still running (a same-thread runner has already finished it)
        }
    }

    /** Drops the outcome of the running request, if any. */
    public void cancel() {
        generation = null;
        if (current != null) {
            current.cancel();
            current = null;
        }
    }

    /** @return true while a request is running */
    public boolean busy() {
        return generation != null;
    }
}
