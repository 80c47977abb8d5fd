package dev.graft.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.concurrent.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Background} on daemon worker threads through {@code javafx.concurrent.Task}. Every
 * failure is logged before the caller shows it; a cancelled job's outcome is dropped.
 */
public final class FxBackground implements Background {

    private static final Logger LOG = LoggerFactory.getLogger(FxBackground.class);

    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "graft-ui-worker");
        t.setDaemon(true);
        return t;
    });

    @Override
    public <T> Job run(Callable<T> job, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return job.call();
            }
        };
        task.setOnSucceeded(e -> onSuccess.accept(task.getValue()));
        task.setOnFailed(e -> {
            LOG.warn("background job failed", task.getException());
            onFailure.accept(task.getException());
        });
        pool.execute(task);
        return () -> task.cancel(true); // a cancelled Task fires neither handler
    }
}
