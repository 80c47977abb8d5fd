package dev.graft.core.run;

/** Receives the events of a run, in order, on the training thread. */
@FunctionalInterface
public interface EventSink {

    /**
     * Handles one event. Must not block for long: training waits for it.
     *
     * @param event the event
     */
    void accept(RunEvent event);

    /**
     * Sends every event to both sinks.
     *
     * @param other the second sink
     * @return a sink feeding both
     */
    default EventSink and(EventSink other) {
        return e -> {
            accept(e);
            other.accept(e);
        };
    }
}
