package dev.graft.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM as "finish cleanly": on the signal, run an action (ask training to stop),
 * then hold the JVM open until the command says it is done (its checkpoint and last events are
 * written), for at most a bound.
 */
final class GracefulStop implements AutoCloseable {

    private final CountDownLatch done = new CountDownLatch(1);

    /**
     * Installs the shutdown hook.
     *
     * @param onSignal what to do when the process is asked to end
     * @param maxWaitSeconds how long the JVM may wait for the command to finish
     */
    GracefulStop(Runnable onSignal, int maxWaitSeconds) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            onSignal.run();
            try {
                done.await(maxWaitSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "graft-graceful-stop"));
    }

    /** Marks the command finished; a pending shutdown may proceed. */
    @Override
    public void close() {
        done.countDown();
    }
}
