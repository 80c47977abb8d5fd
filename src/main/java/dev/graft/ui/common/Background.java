package dev.graft.ui.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs work off the UI thread and delivers the outcome back on it. The app uses a
 * {@code javafx.concurrent.Task} implementation; view-model tests use {@link #sameThread()}.
 */
public interface Background {

    /** A started job. Once cancelled, neither of its callbacks runs. */
    interface Job {
        /** Drops the job's outcome (and interrupts it if it is still running). */
        void cancel();
    }

    /**
     * Runs a job.
     *
     * @param job the work (runs on a worker thread)
     * @param onSuccess receives the result on the UI thread
     * @param onFailure receives the failure on the UI thread
     * @param <T> result type
     * @return a handle to cancel it
     */
    <T> Job run(Callable<T> job, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

    /** @return a runner that does everything on the calling thread (for tests) */
    static Background sameThread() {
        return new Background() {
            @Override
            public <T> Job run(Callable<T> job, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
                T result;
                try {
                    result = job.call();
                } catch (Exception e) {
                    onFailure.accept(e);
                    return () -> { };
                }
                onSuccess.accept(result);
                return () -> { };
            }
        };
    }
}
