package dev.graft.cli.bench;

import dev.graft.engine.bench.ScaleBench;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code graft bench scale}: a training process on many images under a bounded heap. */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Training on many images under a bounded heap: speed and memory of every phase.")
final class ScaleBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchSettings settings;

    @Option(names = "--images", paramLabel = "N", defaultValue = "30000",
            description = "images to generate when --scale-data is not given (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--scale-data", paramLabel = "DIR", description = "a dataset to use instead of generated images")
    Path scaleData;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "2g", description = "heap of the training process (default:"
            + " ${DEFAULT-VALUE})")
    String heap;

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
            results.put("scale", new ScaleBench(dir.resolve("scale"), System.out::println).run(scaleData, images,
                    heap, 2, b -> b));
            return 0;
        });
    }
}
