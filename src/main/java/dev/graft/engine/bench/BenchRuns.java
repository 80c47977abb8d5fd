package dev.graft.engine.bench;

import dev.graft.core.run.Recipe;
import dev.graft.core.run.RunClaim;
import dev.graft.engine.catalogue.NetworkPreview;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunNames;
import dev.graft.core.run.StopSignal;
import dev.graft.engine.train.FineTuner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs training for benchmarks and keeps the epoch events. */
final class BenchRuns {

    /**
     * A finished run.
     *
     * @param finished the finished event
     * @param epochs the epoch events
     */
    record Run(RunEvent.Finished finished, List<RunEvent.Epoch> epochs) {
        double lastEpochImagesPerSecond() {
            return epochs.get(epochs.size() - 1).imagesPerSecond();
        }

        double metric(String name) {
            Double v = finished.metrics().get(name);
            return v == null ? 0 : v;
        }
    }

    private BenchRuns() {}

    static Run train(Recipe recipe, Path runDir) throws Exception {
        List<RunEvent.Epoch> epochs = new ArrayList<>();
        try (RunClaim claim = RunClaim.claim(runDir,
                RunNames.describe(recipe, NetworkPreview.of(recipe).scope(recipe)))) {
            RunEvent.Finished finished = new FineTuner(recipe, claim.folder(), claim.owner().name(), e -> {
                if (e instanceof RunEvent.Epoch epoch) {
                    epochs.add(epoch);
                }
            }, new StopSignal()).run();
            return new Run(finished, epochs);
        }
    }
}
