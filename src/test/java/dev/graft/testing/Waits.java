package dev.graft.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Waits on a condition itself, never for a fixed time: the test goes on the moment the condition
 * holds and fails with a timeout only when it never does (a shared machine may be many times slower
 * than a quiet one, so timeouts are generous; they cost nothing when things are fast).
 */
public final class Waits {

    private Waits() {}

    /**
     * Waits until a condition holds.
     *
     * @param timeout the longest wait
     * @param condition asked again and again (it may do the work a UI pulse does, such as draining
     *     events, before it answers)
     * @throws java.util.concurrent.TimeoutException when it never holds
     */
    public static void until(Duration timeout, BooleanSupplier condition) throws java.util.concurrent.TimeoutException {
        WaitForAsyncUtils.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS, condition::getAsBoolean);
    }
}
