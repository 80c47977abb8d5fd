package dev.graft.engine.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RunEvent;
import dev.graft.engine.train.FineTuner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs training for benchmarks and keeps the epoch events. */
final class BenchRuns {

    /**
     * A finished run.
     *
     * @param finished the finished event
     * @param epochs the epoch events
     */
    record Run(RunEvent.Finished finished, List<JsonObject> epochs) {
        double lastEpochImagesPerSecond() {
            return epochs.get(epochs.size() - 1).get("imagesPerSecond").getAsDouble();
        }

        double metric(String name) {
            Double v = finished.metrics().get(name);
            return v == null ? 0 : v;
        }
    }

    private BenchRuns() {}

    static Run train(Recipe recipe, Path runDir) throws Exception {
        List<JsonObject> epochs = new ArrayList<>();
        RunEvent.Finished finished = new FineTuner(recipe, runDir, e -> {
            if (e instanceof RunEvent.Epoch) {
                epochs.add(JsonParser.parseString(e.toJson()).getAsJsonObject());
            }
        }, new AtomicBoolean()).run();
        return new Run(finished, epochs);
    }
}
