package dev.graft.cli.bench;

import dev.graft.engine.bench.Benchmarks;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code graft bench throughput}: Graft's training loop against the raw forward+backward ceiling of
 * the same network and batch, and the feature cache against re-running the frozen backbone.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = "Training speed against the raw ceiling, and what the feature cache saves.")
final class ThroughputBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchSettings settings;

    @Override
    public Integer call() throws Exception {
        return BenchRun.run(spec, settings, true, List.of(), (dir, results) -> {
            results.put("throughput", new Benchmarks(settings.data.toString(), settings.batchSize, dir,
                    System.out::println).throughput());
            return 0;
        });
    }
}
