package dev.graft.core.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.graft.core.util.Json;
import java.util.List;
import java.util.Map;

/**
 * The one event vocabulary of a training run. The CLI's progress bar, the {@code --events jsonl}
 * stream, the run's {@code events.jsonl} and the GUI's charts all consume these. Serialised as one
 * JSON object per line with a {@code type} field.
 */
public sealed interface RunEvent {

    /** @return the event type as written in JSON */
    String type();

    /**
     * Serialises the event as one JSON line (no newline).
     *
     * @return the JSON text
     */
    default String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("type", type());
        JsonObject body = Json.COMPACT.toJsonTree(this).getAsJsonObject();
        body.entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
        return Json.COMPACT.toJson(o);
    }

    /**
     * A run began.
     *
     * @param runDir the run folder
     * @param recipe the recipe as JSON
     * @param classes class names
     * @param trainImages training images
     * @param valImages validation images
     * @param skippedFiles files skipped by the scan
     * @param device compute device
     * @param totalParameters parameters of the network
     * @param trainableParameters parameters that will change
     * @param featureCache whether backbone features are computed once and cached
     * @param note why the cache is or is not used
     */
    record RunStarted(String runDir, JsonElement recipe, List<String> classes, int trainImages, int valImages,
            int skippedFiles, String device, long totalParameters, long trainableParameters, boolean featureCache,
            String note) implements RunEvent {
        @Override
        public String type() {
            return "run_started";
        }
    }

    /**
     * Backbone features are being computed for the feature cache (before the first epoch).
     *
     * @param done images done
     * @param total images to do
     */
    record Caching(int done, int total) implements RunEvent {
        @Override
        public String type() {
            return "caching";
        }
    }

    /**
     * A training batch finished.
     *
     * @param epoch 1-based epoch
     * @param epochs total epochs
     * @param batch 1-based batch within the epoch
     * @param batches batches per epoch
     * @param loss batch loss
     * @param accuracy batch accuracy
     * @param imagesPerSecond throughput of this epoch so far
     * @param etaSeconds estimated seconds until the run ends
     */
    record Batch(int epoch, int epochs, int batch, int batches, double loss, double accuracy,
            double imagesPerSecond, double etaSeconds) implements RunEvent {
        @Override
        public String type() {
            return "batch";
        }
    }

    /**
     * Validation after an epoch.
     *
     * @param epoch 1-based epoch
     * @param valLoss mean validation loss
     * @param valAccuracy validation accuracy
     * @param images validation images
     */
    record Validation(int epoch, double valLoss, double valAccuracy, int images) implements RunEvent {
        @Override
        public String type() {
            return "validation";
        }
    }

    /**
     * An epoch finished.
     *
     * @param epoch 1-based epoch
     * @param epochs total epochs
     * @param loss mean training loss
     * @param accuracy training accuracy
     * @param valLoss validation loss (NaN without validation)
     * @param valAccuracy validation accuracy (NaN without validation)
     * @param imagesPerSecond training throughput
     * @param seconds wall time of the epoch
     * @param residentMemoryMb resident memory of the training process
     * @param javaHeapMb Java heap committed by the process (the rest of resident memory is native)
     */
    record Epoch(int epoch, int epochs, double loss, double accuracy, double valLoss, double valAccuracy,
            double imagesPerSecond, double seconds, long residentMemoryMb, long javaHeapMb) implements RunEvent {
        @Override
        public String type() {
            return "epoch";
        }
    }

    /**
     * A checkpoint was written.
     *
     * @param epoch epoch it belongs to
     * @param path the checkpoint folder
     * @param partial true when written mid-epoch because the run was stopped
     */
    record Checkpoint(int epoch, String path, boolean partial) implements RunEvent {
        @Override
        public String type() {
            return "checkpoint";
        }
    }

    /**
     * Something the user should know; not fatal.
     *
     * @param message the warning
     * @param file the file it concerns, or null
     * @param reason the reason for a skipped file, or null
     */
    record Warning(String message, String file, String reason) implements RunEvent {
        @Override
        public String type() {
            return "warning";
        }
    }

    /**
     * The run ended normally or was stopped by the user.
     *
     * @param status {@code completed} or {@code stopped}
     * @param epochsCompleted full epochs trained
     * @param accuracy last training accuracy
     * @param valAccuracy last validation accuracy
     * @param modelDir the exported model folder
     * @param runDir the run folder
     * @param seconds wall time
     * @param metrics extra numbers (e.g. feature-cache time)
     */
    record Finished(String status, int epochsCompleted, double accuracy, double valAccuracy, String modelDir,
            String runDir, double seconds, Map<String, Double> metrics) implements RunEvent {
        @Override
        public String type() {
            return "finished";
        }
    }

    /**
     * The run failed.
     *
     * @param cause what went wrong, in words
     * @param hint what the user can do, or null
     */
    record Failed(String cause, String hint) implements RunEvent {
        @Override
        public String type() {
            return "failed";
        }
    }
}
