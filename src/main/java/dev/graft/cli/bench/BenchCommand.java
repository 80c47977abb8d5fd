package dev.graft.cli.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code graft bench}: the numbers of docs/numbers.md, measured on this machine, one subcommand
 * per measurement, each with only its own options.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure transfer accuracy, speed and memory on this machine (docs/numbers.md).",
        subcommands = {TransferBenchCommand.class, ThroughputBenchCommand.class, MemoryBenchCommand.class,
            ScaleBenchCommand.class, ScalePhaseCommand.class, CheckBenchCommand.class, PeerBenchCommand.class, ProbeBenchCommand.class})
public final class BenchCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
