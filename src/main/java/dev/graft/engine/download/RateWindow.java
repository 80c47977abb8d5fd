package dev.graft.engine.download;

import java.util.ArrayDeque;

/**
 * A speed over the last few seconds and the time left at that speed: what progress lines show
 * while bytes arrive or images are written. Not thread-safe: one producer feeds it.
 */
public final class RateWindow {

    private static final long WINDOW_NANOS = 3_000_000_000L;

    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    /** Forgets every sample (a new phase starts). */
    public void clear() {
        samples.clear();
    }

    /**
     * Records how far the work is.
     *
     * @param nanos the clock's time
     * @param done units done so far (bytes, images)
     */
    public void add(long nanos, long done) {
        samples.addLast(new long[] {nanos, done});
        while (samples.size() > 2 && nanos - samples.peekFirst()[0] > WINDOW_NANOS) {
            samples.removeFirst();
        }
    }

    /** @return units per second over the window, 0 until it spans a moment */
    public double perSecond() {
        if (samples.isEmpty()) {
            return 0;
        }
        long[] first = samples.peekFirst();
        long[] last = samples.peekLast();
        double seconds = (last[0] - first[0]) / 1e9;
        return seconds > 0.05 ? (last[1] - first[1]) / seconds : 0;
    }

    /**
     * Time left at the current speed.
     *
     * @param total units in all
     * @return seconds, or -1 while unknown
     */
    public double secondsLeft(long total) {
        double speed = perSecond();
        if (speed <= 0 || total <= 0 || samples.isEmpty()) {
            return -1;
        }
        return Math.max(0, (total - samples.peekLast()[1]) / speed);
    }
}
