package dev.graft.engine.train;

/**
 * Shares of the Java heap that a run's caches may use. Sized from the heap the JVM really has
 * ({@code -Xmx}, by default a quarter of the machine's memory), never from a fixed number: a
 * fixed 1.5 GB pixel cache made a 2 GB heap fail.
 */
final class MemoryBudget {

    /** Decoded training pixels, when they are read every epoch. */
    static final double TRAIN_PIXELS = 0.35;
    /** Decoded validation pixels, when they are read every epoch. */
    static final double VALIDATION_PIXELS = 0.08;
    /** Backbone features of the feature cache. */
    static final double FEATURES = 0.25;

    private MemoryBudget() {}

    /**
     * A share of the maximum heap.
     *
     * @param fraction share, 0..1
     * @return bytes
     */
    static long heapShare(double fraction) {
        return (long) (Runtime.getRuntime().maxMemory() * fraction);
    }
}
