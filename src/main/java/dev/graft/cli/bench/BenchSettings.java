package dev.graft.cli.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** What every bench takes: the images it trains on, the batch size and where its results go. */
final class BenchSettings {

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "datasets-sample/emoji", description = "training data (default:"
            + " ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "images per batch (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--out", paramLabel = "DIR", description = "new folder for the runs and bench.json (default: bench/<time> in"
            + " Graft's data folder)")
    Path out;

    /** @return the first problem with these values, or null */
    String problem() {
        return batchSize < 1 || batchSize > 4096 ? "--batch-size must be between 1 and 4096: " + batchSize : null;
    }
}
