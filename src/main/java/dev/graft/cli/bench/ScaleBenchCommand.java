package dev.graft.cli.bench;

import dev.graft.engine.bench.ScaleBench;
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

    @Mixin
    ManyImages many;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "2g", description = "heap of the training process"
            + " (default: ${DEFAULT-VALUE})")
    String heap;

    @Override
    public Integer call() throws Exception {
        if (many.problem() != null) {
            System.err.println("graft: " + many.problem());
            return 2;
        }
        return BenchRun.run(spec, settings, false, many.read(), (dir, results) -> {
            results.put("scale", new ScaleBench(dir.resolve("scale"), System.out::println).run(many.scaleData,
                    many.images, heap, 2, b -> b));
            return 0;
        });
    }
}
