package dev.graft.cli;

import dev.graft.core.util.Json;
import dev.graft.engine.EngineReport;
import dev.graft.engine.process.EngineProbe;
import dev.graft.engine.process.EngineSettings;
import dev.graft.engine.process.NativeLibrary;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graft engine}: what DJL reports about the engine training uses, and which libtorch that is. */
@Command(name = "engine", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show the deep-learning engine training uses: libtorch version and flavour (CPU/CUDA),"
                + " GPUs with memory, and why a device is or is not used.",
            "Mixed precision is not available: DJL's PyTorch engine trains in float32.",
            "With --use, choose the libtorch of every later training process (window and graft train)."})
final class EngineCommand implements Callable<Integer> {

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--use", paramLabel = "MODE", description = "bundled | cuda-download | installed: save the"
            + " libtorch setting for training processes, then check it")
    String use;

    @Option(names = "--libtorch", paramLabel = "DIR", description = "with --use installed: the folder holding"
            + " libtorch.so of a libtorch 2.7.1 (becomes PYTORCH_LIBRARY_PATH)")
    String libtorch;

    @Option(names = "--flavor", paramLabel = "F", description = "with --use installed: cu128 (default), cpu, …"
            + " (becomes PYTORCH_FLAVOR)")
    String flavor;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "1800",
            description = "seconds to wait for a training-process engine to load (a first CUDA download is"
                    + " about 2.5 GB; default: ${DEFAULT-VALUE})")
    long timeout;

    @Option(names = "--here", hidden = true, description = "report this JVM's engine (used by the probe)")
    boolean here;

    @Override
    public Integer call() throws Exception {
        NativeLibrary natives;
        if (use != null) {
            try {
                natives = new NativeLibrary(use, libtorch, flavor);
            } catch (IllegalArgumentException e) {
                System.err.println("graft: " + e.getMessage());
                return 2;
            }
            EngineSettings.save(natives);
            System.err.println("graft: training processes will use " + natives.describe() + " (saved in "
                    + EngineSettings.file() + ")");
        } else {
            natives = EngineSettings.load();
        }
        EngineReport report = here || natives.equals(NativeLibrary.DEFAULT) ? EngineReport.collect()
                : EngineProbe.run(natives, timeout);
        if (json) {
            System.out.println(Json.PORTABLE.toJson(report));
        } else {
            print(report, natives, System.out);
        }
        return report.loaded() ? 0 : 1;
    }

    static void print(EngineReport r, NativeLibrary natives, PrintStream out) {
        out.println("libtorch setting: " + natives.describe());
        if (!r.loaded()) {
            out.println("engine: did not load: " + r.error());
            if (r.hint() != null) {
                out.println("what to do: " + r.hint());
            }
        } else {
            out.printf(Locale.ROOT, "engine: %s %s (flavour %s), DJL %s%n", r.engine(), r.version(), r.flavour(),
                    r.djlVersion());
            out.println("libtorch: " + r.libraryPath());
            out.println("capabilities: " + String.join(", ", r.capabilities()));
            out.println("CUDA: " + (r.cudaVersion() == null ? "none found" : r.cudaVersion()));
            out.println("GPUs: " + r.gpus().size());
            for (EngineReport.Gpu g : r.gpus()) {
                out.printf(Locale.ROOT, "  gpu%d: %s, compute capability %s, memory %d of %d MB in use%n", g.index(),
                        g.name() == null ? "(name unknown: nvidia-smi not found)" : g.name(), g.computeCapability(),
                        g.memoryUsedMb(), g.memoryTotalMb());
            }
        }
        r.environment().forEach((k, v) -> out.println("  " + k + "=" + v));
        r.notes().forEach(n -> out.println("note: " + n));
    }
}
