package dev.graft.engine.train;

import dev.graft.core.run.EventSink;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunOutcome;
import dev.graft.core.run.RunSpeeds;

/**
 * Watches a run's events and, when it completes, measures what {@link RunSpeeds} remembers: the time
 * before the first pass, the pass through the frozen stages per image, and the rest (warm-up, epochs,
 * validation, checkpoints) per training image and epoch. Wall-clock times as the user waited for them,
 * so a busy machine's runs estimate a busy machine.
 */
final class SpeedRecorder implements EventSink {

    private final long started;
    private long firstPass = -1;
    private long lastPass = -1;
    private int trainImages;
    private int validationImages;
    private RunSpeeds.Speed speed;

    /** What the first pass computes. */
    private String passWhat;

    /**
     * @param started when the run started ({@link System#nanoTime()})
     */
    SpeedRecorder(long started) {
        this.started = started;
    }

    @Override
    public void accept(RunEvent event) {
        long now = System.nanoTime();
        if (event instanceof RunEvent.RunStarted s) {
            trainImages = s.trainImages();
            validationImages = s.valImages();
        } else if (event instanceof RunEvent.Caching c) {
            // only the first pass (through the frozen part) is the pass; the head warm-up's, its epochs'
            // and the calibration's progress belong to the rest of the run
            if (firstPass < 0) {
                firstPass = now;
                passWhat = c.what();
            }
            if (c.what().equals(passWhat)) {
                lastPass = now;
            }
        } else if (event instanceof RunEvent.Finished f && f.status() == RunOutcome.COMPLETED
                && f.epochsCompleted() > 0 && trainImages > 0) {
            long passStart = firstPass < 0 ? now : firstPass;
            long passEnd = firstPass < 0 ? now : lastPass;
            long trainingStart = firstPass < 0 ? started : passEnd;
            int images = trainImages + validationImages;
            speed = new RunSpeeds.Speed((passStart - started) / 1e9, (passEnd - passStart) / 1e9 / images,
                    (now - trainingStart) / 1e9 / ((double) f.epochsCompleted() * trainImages), images);
        }
    }

    /** @return the completed run's speed, or null when it did not complete */
    RunSpeeds.Speed speed() {
        return speed;
    }
}
