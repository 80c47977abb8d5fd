package dev.graft.cli.bench;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The images of the benches that measure at scale: generated ones, or a dataset of the user's. */
final class ManyImages {

    @Option(names = "--images", paramLabel = "N", defaultValue = "30000",
            description = "images to generate when --scale-data is not given (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--scale-data", paramLabel = "DIR", description = "a dataset to use instead of generated images")
    Path scaleData;

    /** @return the first problem with these values, or null */
    String problem() {
        return images < 1 ? "--images must be at least 1: " + images : null;
    }

    /** @return the folders the bench reads (its output must be in none of them) */
    List<Path> read() {
        return scaleData == null ? List.of() : List.of(scaleData);
    }
}
