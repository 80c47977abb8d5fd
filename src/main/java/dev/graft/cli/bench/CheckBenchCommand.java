package dev.graft.cli.bench;

import dev.graft.engine.bench.CheckBench;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code graft bench check}: how long {@code graft check} takes on many images. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Time of graft check on many images.")
final class CheckBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchSettings settings;

    @Option(names = "--images", paramLabel = "N", defaultValue = "30000",
            description = "images to generate when --scale-data is not given (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--scale-data", paramLabel = "DIR", description = "a dataset to check instead of generated images")
    Path scaleData;

    @Override
    public Integer call() throws Exception {
        if (images < 1) {
            System.err.println("graft: --images must be at least 1: " + images);
            return 2;
        }
        List<Path> read = new ArrayList<>();
        if (scaleData != null) {
            read.add(scaleData);
        }
        return BenchRun.run(spec, settings, false, read, (dir, results) -> {
            results.put("check", new CheckBench(dir.resolve("check"), System.out::println).run(scaleData, images));
            return 0;
        });
    }
}
