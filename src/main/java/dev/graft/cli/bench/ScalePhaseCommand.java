package dev.graft.cli.bench;

import dev.graft.core.util.Json;
import dev.graft.engine.bench.ScalePhases;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code graft bench scale-phase}: one phase of {@code graft bench scale}, in the process the
 * bench starts for it (hidden: not meant to be typed).
 */
@Command(name = "scale-phase", hidden = true, description = "One phase of graft bench scale in a process of its own.")
final class ScalePhaseCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PHASE", description = "scan | check | forward | presort")
    String phase;

    @Option(names = "--data", paramLabel = "DIR")
    Path data;

    @Option(names = "--recipe", paramLabel = "FILE")
    Path recipe;

    @Option(names = "--run", paramLabel = "DIR")
    Path run;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10000")
    int limit;

    @Override
    public Integer call() throws Exception {
        System.out.println(ScalePhases.RESULT + Json.COMPACT.toJson(ScalePhases.run(phase, data, recipe, run, limit)));
        return 0;
    }
}
