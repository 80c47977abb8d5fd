package dev.graft.engine.train;

import dev.graft.core.run.EventSink;
import dev.graft.core.run.RunEvent;

/**
 * Reports a pass that fills a cache as {@link RunEvent.Caching} events with speed and time left,
 * so the feature pass, the pass through the frozen stages and the head warm-up's pass all show an
 * ETA the same way.
 */
final class CachingProgress implements FeatureCache.Progress {

    private final EventSink sink;
    private final String what;
    private final int total;
    private final long started = System.nanoTime();

    /**
     * Starts the pass: reports 0 of {@code total}.
     *
     * @param sink where events go
     * @param what what is computed, e.g. "features of 162 training images × 2 views"
     * @param total passes in all
     */
    CachingProgress(EventSink sink, String what, int total) {
        this.sink = sink;
        this.what = what;
        this.total = total;
        sink.accept(new RunEvent.Caching(0, total, what, null, null));
    }

    /**
     * Reports progress of the whole pass (the second argument is ignored: the total is this one's).
     *
     * @param done passes done
     * @param ignored the total of the part of the pass being computed
     */
    @Override
    public void update(int done, int ignored) {
        double secs = (System.nanoTime() - started) / 1e9;
        // no speed in the first half second: one chunk is too few to extrapolate from
        Double rate = done > 0 && secs > 0.5 ? done / secs : null;
        Double eta = rate == null ? null : (total - done) / rate;
        sink.accept(new RunEvent.Caching(done, total, what, rate, eta));
    }
}
