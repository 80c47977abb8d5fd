package dev.graft.cli.bench;

import dev.graft.engine.bench.GraftPeerWorker;
import dev.graft.engine.bench.PeerBench;
import dev.graft.engine.bench.PeerMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code graft bench peer}: training speed against a plain Python PyTorch script on the same batch,
 * alternating the two sides.
 */
@Command(name = "peer", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Training speed against a Python PyTorch script on this machine (needs Python with torch"
                + " and torchvision).")
final class PeerBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchSettings settings;

    @Option(names = "--python", paramLabel = "FILE", description = "the Python interpreter (default: the first of python3,"
            + " /usr/bin/python3, /usr/local/bin/python3, python that imports torch and torchvision)")
    String python;

    @Option(names = "--modes", paramLabel = "MODE", split = ",", defaultValue = "full,partial,head",
            description = "what trains: full, partial (last 4 stages), head (default: ${DEFAULT-VALUE})")
    List<String> modes;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "2", description = "alternating rounds, each side once per mode and"
            + " round (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "3", description = "measured steps per run (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1", description = "unmeasured steps first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--python-threads", paramLabel = "N", defaultValue = "-1", description = "PyTorch intra-op threads of the Python"
            + " side; -1 (default): the same number the Graft side uses; 0: PyTorch's own default")
    int pythonThreads;

    @Option(names = "--graft-env", paramLabel = "KEY=VALUE", description = "extra environment of the Graft side, e.g."
            + " ONEDNN_MAX_CPU_ISA=SSE41 (repeatable)")
    Map<String, String> graftEnv = new LinkedHashMap<>();

    @Option(names = "--graft-jvm-option", paramLabel = "OPTION", description = "extra JVM option of the Graft side, e.g."
            + " -Dai.djl.pytorch.num_threads=1 (repeatable)")
    List<String> graftJvmOptions = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return BenchRun.run(spec, settings, false, List.of(), (dir, results) -> {
            List<PeerMode> peerModes = modes.stream().map(PeerMode::of).toList();
            int threads = pythonThreads >= 0 ? pythonThreads : GraftPeerWorker.threadsFor(graftJvmOptions);
            try {
                results.put("peer", new PeerBench(new PeerBench.Options(settings.data, settings.batchSize, 224,
                        peerModes, Math.max(1, rounds), steps, warmup, python, threads, graftJvmOptions, graftEnv,
                        dir.toAbsolutePath()), System.out::println).run());
            } catch (PeerBench.NoPythonException e) {
                System.err.println("graft: " + e.getMessage());
                return 3;
            }
            return 0;
        });
    }
}
