package dev.graft.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunOutcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The end-of-run sentence names the model the run kept: the last epoch's or the head warm-up's. */
class TrainingMessagesTest {

    private static RunEvent.Finished finished(RunOutcome status, int epochs, Map<String, Double> metrics) {
        return new RunEvent.Finished(status, epochs, null, 0.732, "/runs/r/model", "/runs/r", 12, metrics,
                status == RunOutcome.STOPPED ? "stopped on request" : null);
    }

    @Test
    void aCompletedRunNamesItsAccuracy() {
        assertEquals("Run 'r' done: 3 epochs · validation accuracy 73.2 %",
                TrainingMessages.finished("r", finished(RunOutcome.COMPLETED, 3, Map.of()), 3));
    }

    @Test
    void aRunThatKeptItsWarmUpSaysSo() {
        Map<String, Double> kept = Map.of(RunEvent.Finished.WARM_UP_PUBLISHED, 1.0);
        assertEquals("Run 'r' done: 3 epochs · validation accuracy 73.2 % (the head warm-up's model: the new head"
                + " first trained alone, and fine-tuning the stages after that ended lower on validation)",
                TrainingMessages.finished("r", finished(RunOutcome.COMPLETED, 3, kept), 3));
        assertEquals("Run 'r' stopped (on request) after 2 of 30 epochs; its model (the head warm-up) has"
                + " 73.2 % validation accuracy",
                TrainingMessages.finished("r", finished(RunOutcome.STOPPED, 2, kept), 30));
    }
}
