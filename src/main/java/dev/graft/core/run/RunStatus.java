package dev.graft.core.run;

import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;

/**
 * How a run ended, as written to its {@code status.json}: by the training process when it
 * finishes, stops or fails, and by its supervisor when the process died without a word.
 *
 * @param status completed, stopped, failed or crashed
 * @param epochsCompleted full epochs trained (null for failures)
 * @param valAccuracy validation accuracy of the run's model, null when there is none
 * @param reason why it stopped, failed or crashed; null when completed
 * @param hint what the user can do, or null
 * @param exitCode the training process's exit code after a crash, else null
 * @param modelFrom the checkpoint a user made the run's model after it crashed, failed or stopped
 *     early ("epoch-0002"), else null
 */
public record RunStatus(RunOutcome status, Integer epochsCompleted, Double valAccuracy, String reason, String hint,
        Integer exitCode, String modelFrom) {

    /**
     * The status of a finished or stopped run.
     *
     * @param f its finished event
     * @return the status
     */
    public static RunStatus of(RunEvent.Finished f) {
        return new RunStatus(f.status(), f.epochsCompleted(), f.valAccuracy(), f.reason(), null, null, null);
    }

    /**
     * A failure the training process reported.
     *
     * @param cause what went wrong
     * @param hint what to do, or null
     * @return the status
     */
    public static RunStatus failed(String cause, String hint) {
        return new RunStatus(RunOutcome.FAILED, null, null, cause, hint, null, null);
    }

    /**
     * A training process that died without reporting.
     *
     * @param cause the diagnosis
     * @param hint what to do, or null
     * @param exitCode its exit code
     * @return the status
     */
    public static RunStatus crashed(String cause, String hint, int exitCode) {
        return new RunStatus(RunOutcome.CRASHED, null, null, cause, hint, exitCode, null);
    }

    /**
     * The same status, with the run's model taken from one of its checkpoints.
     *
     * @param checkpoint the checkpoint folder's name
     * @param epochs the whole epochs that checkpoint had trained
     * @param accuracy its validation accuracy, or null
     * @return the status
     */
    public RunStatus withModelFrom(String checkpoint, int epochs, Double accuracy) {
        return new RunStatus(status, epochs, accuracy, reason, hint, exitCode, checkpoint);
    }

    /**
     * Writes a run's status atomically.
     *
     * @param run the run folder
     * @param status the status
     * @throws IOException on failure
     */
    public static void write(RunFolder run, RunStatus status) throws IOException {
        AtomicFiles.writeString(run.status(), Json.PRETTY.toJson(status));
    }

    /**
     * Reads a run's status.
     *
     * @param run the run folder
     * @return the status, empty while the run is live or when it left none
     */
    public static Optional<RunStatus> read(RunFolder run) {
        try {
            if (!Files.isRegularFile(run.status())) {
                return Optional.empty();
            }
            return Optional.ofNullable(Json.COMPACT.fromJson(Files.readString(run.status()), RunStatus.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
