package dev.graft.cli.bench;

import dev.graft.engine.bench.Benchmarks;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code graft bench memory}: resident memory over many epochs of full fine-tuning. */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = "Resident memory over many epochs of full fine-tuning at 96 px.")
final class MemoryBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchSettings settings;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "30", description = "epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Override
    public Integer call() throws Exception {
        if (epochs < 1) {
            System.err.println("graft: --epochs must be at least 1");
            return 2;
        }
        return BenchRun.run(spec, settings, true, List.of(), (dir, results) -> {
            results.put("memory", new Benchmarks(settings.data.toString(), settings.batchSize, dir,
                    System.out::println).memory(epochs));
            return 0;
        });
    }
}
