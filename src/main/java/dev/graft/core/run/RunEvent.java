package dev.graft.core.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.graft.core.util.Json;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * The one event vocabulary of a training run. The CLI's progress bar, the {@code --events jsonl}
 * stream, the run's {@code events.jsonl} and the GUI's charts all consume these. Serialised as one
 * JSON object per line with a {@code type} field; {@link #parse(String)} turns a line back into
 * the typed event, and {@link #dispatch(Handler)} hands it to the matching typed callback, so no
 * consumer decodes JSON fields by name.
 *
 * <p>Numbers that may legitimately be absent (no validation set, nothing trained yet) are boxed
 * and {@code null} when absent, never NaN: a display can say "–" instead of "NaN %".
 */
public sealed interface RunEvent {

    /** @return the event type as written in JSON */
    String type();

    /**
     * Calls the handler's method for this event's type.
     *
     * @param handler the handler
     */
    void dispatch(Handler handler);

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
     * Decodes one event line.
     *
     * @param line a JSON object with a {@code type} field
     * @return the typed event
     * @throws IllegalArgumentException if the line is not an event: not JSON, an unknown type, or a
     *     required (non-nullable) field missing
     */
    static RunEvent parse(String line) {
        JsonObject o;
        try {
            o = JsonParser.parseString(line).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("not a JSON object: " + abbreviate(line));
        }
        JsonElement type = o.get("type");
        if (type == null || !type.isJsonPrimitive()) {
            throw new IllegalArgumentException("event without a type: " + abbreviate(line));
        }
        Class<? extends RunEvent> kind = switch (type.getAsString()) {
            case RunStarted.TYPE -> RunStarted.class;
            case Caching.TYPE -> Caching.class;
            case Batch.TYPE -> Batch.class;
            case Validation.TYPE -> Validation.class;
            case Epoch.TYPE -> Epoch.class;
            case Checkpoint.TYPE -> Checkpoint.class;
            case Warning.TYPE -> Warning.class;
            case Finished.TYPE -> Finished.class;
            case Failed.TYPE -> Failed.class;
            default -> throw new IllegalArgumentException("unknown event type '" + type.getAsString() + "'");
        };
        for (RecordComponent c : kind.getRecordComponents()) {
            // Gson would quietly read a missing number as 0: a primitive field must be present
            if (c.getType().isPrimitive() && (!o.has(c.getName()) || o.get(c.getName()).isJsonNull())) {
                throw new IllegalArgumentException("'" + type.getAsString() + "' event lacks '" + c.getName()
                        + "': " + abbreviate(line));
            }
        }
        try {
            return Json.COMPACT.fromJson(o, kind);
        } catch (JsonParseException | NumberFormatException | IllegalStateException e) {
            throw new IllegalArgumentException("malformed '" + type.getAsString() + "' event: " + e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    /** Typed callbacks, one per event type; each does nothing unless overridden. */
    interface Handler {
        /** @param e the event */
        default void runStarted(RunStarted e) {}

        /** @param e the event */
        default void caching(Caching e) {}

        /** @param e the event */
        default void batch(Batch e) {}

        /** @param e the event */
        default void validation(Validation e) {}

        /** @param e the event */
        default void epoch(Epoch e) {}

        /** @param e the event */
        default void checkpoint(Checkpoint e) {}

        /** @param e the event */
        default void warning(Warning e) {}

        /** @param e the event */
        default void finished(Finished e) {}

        /** @param e the event */
        default void failed(Failed e) {}
    }

    /**
     * A run began.
     *
     * @param runDir the run folder
     * @param name the run's name (shown in history and results)
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
    record RunStarted(String runDir, String name, JsonElement recipe, List<String> classes, int trainImages,
            int valImages, int skippedFiles, String device, long totalParameters, long trainableParameters,
            boolean featureCache, String note) implements RunEvent {
        static final String TYPE = "run_started";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public void dispatch(Handler h) {
            h.runStarted(this);
        }
    }

    /**
     * Backbone features are being computed for the feature cache (before the first epoch).
     *
     * @param done backbone passes done (an image and its mirrored view are two passes)
     * @param total backbone passes to do
     * @param what what is being computed, in words ("162 training images × 2 views + 41 validation")
     * @param imagesPerSecond passes per second so far, null until measurable
     * @param etaSeconds estimated seconds until caching ends, null until measurable
     */
    record Caching(int done, int total, String what, Double imagesPerSecond, Double etaSeconds)
            implements RunEvent {
        static final String TYPE = "caching";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public void dispatch(Handler h) {
            h.caching(this);
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
        static final String TYPE = "batch";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public void dispatch(Handler h) {
            h.batch(this);
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
        static final String TYPE = "validation";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public void dispatch(Handler h) {
            h.validation(this);
        }
    }

    /**
     * An epoch finished.
     *
     * @param epoch 1-based epoch
     * @param epochs total epochs
     * @param loss mean training loss
     * @param accuracy training accuracy
     * @param valLoss validation loss, null without a validation set
     * @param valAccuracy validation accuracy, null without a validation set
     * @param imagesPerSecond training throughput
     * @param seconds wall time of the epoch
     * @param residentMemoryMb resident memory of the training process
     * @param javaHeapMb Java heap committed by the process (the rest of resident memory is native)
     */
    record Epoch(int epoch, int epochs, double loss, double accuracy, Double valLoss, Double valAccuracy,
            double imagesPerSecond, double seconds, long residentMemoryMb, long javaHeapMb) implements RunEvent {
        static final String TYPE = "epoch";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public void dispatch(Handler h) {
            h.epoch(this);
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
        static final String TYPE = "checkpoint";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public void dispatch(Handler h) {
            h.checkpoint(this);
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
        static final String TYPE = "warning";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public void dispatch(Handler h) {
            h.warning(this);
        }
    }

    /**
     * The run ended normally or was stopped. The numbers describe the exported model: after a stop
     * mid-epoch, that is the model of the last completed epoch (the partial weights are kept as a
     * {@code -partial} checkpoint), so status, results and history all show the same accuracy.
     *
     * @param status {@code completed} or {@code stopped}
     * @param epochsCompleted full epochs trained
     * @param accuracy training accuracy of the exported model's epoch, null when none completed or
     *     when the exported model is the head warm-up (see {@link #warmUpPublished()})
     * @param valAccuracy validation accuracy of the exported model, null when none was exported or
     *     there is no validation set
     * @param modelDir the exported model folder, null when no epoch completed
     * @param runDir the run folder
     * @param seconds wall time
     * @param metrics extra numbers (e.g. feature-cache time)
     * @param reason why a run stopped ("stopped on request", "the program that started training
     *     ended"), null when completed
     */
    record Finished(RunOutcome status, int epochsCompleted, Double accuracy, Double valAccuracy, String modelDir,
            String runDir, double seconds, Map<String, Double> metrics, String reason) implements RunEvent {
        static final String TYPE = "finished";

        /** Metric set to 1 when the exported model is the head warm-up, not the last epoch. */
        public static final String WARM_UP_PUBLISHED = "warmUpPublished";
        /** Metric: the head warm-up's validation accuracy, present when a warm-up ran and was validated. */
        public static final String WARM_UP_VAL_ACCURACY = "warmUpValAccuracy";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public void dispatch(Handler h) {
            h.finished(this);
        }

        /** @return true when the run was stopped */
        public boolean stopped() {
            return status == RunOutcome.STOPPED;
        }

        /**
         * @return true when the exported model is the head warm-up: backbone layers trained, but
         *     the last epoch did worse on validation than the new head on the pretrained backbone
         */
        public boolean warmUpPublished() {
            return metrics != null && metrics.getOrDefault(WARM_UP_PUBLISHED, 0.0) > 0;
        }
    }

    /**
     * The run failed.
     *
     * @param cause what went wrong, in words
     * @param hint what the user can do, or null
     */
    record Failed(String cause, String hint) implements RunEvent {
        static final String TYPE = "failed";

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public void dispatch(Handler h) {
            h.failed(this);
        }
    }
}
