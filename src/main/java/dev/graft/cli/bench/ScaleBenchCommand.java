package dev.graft.cli.bench;

import dev.graft.engine.bench.ScaleBench;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code graft bench scale}: every phase on growing subsets of one large folder. */
@Command(name = "scale", mixinStandardHelpOptions = true,
        description = {"Every phase on growing subsets of one large folder: scan, check, the feature pass against"
                + " the raw forward speed, head-only training, the default recipe, pre-sorting; time, images per"
                + " second and peak memory of each process.",
            "29 minutes on 2 idle cores with the defaults and Fashion-MNIST's 30,000 images (28 px)."})
final class ScaleBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchSettings settings;

    @Option(names = "--scale-data", paramLabel = "DIR", description = "the large folder (one sub-folder per class);"
            + " without it, images of two classes are generated")
    java.nio.file.Path scaleData;

    @Option(names = "--sizes", paramLabel = "N,N", split = ",", defaultValue = "1000,3000,10000,30000",
            description = "subset sizes (default: ${DEFAULT-VALUE})")
    List<Integer> sizes;

    @Option(names = "--head-epochs", paramLabel = "N", defaultValue = "30",
            description = "epochs of head-only training (default: ${DEFAULT-VALUE})")
    int headEpochs;

    @Option(names = "--default-up-to", paramLabel = "N", defaultValue = "3000",
            description = "the largest size the default recipe trains on (default: ${DEFAULT-VALUE})")
    int defaultUpTo;

    @Option(names = "--default-epochs", paramLabel = "N", defaultValue = "3",
            description = "epochs of the default recipe; its cost per image and epoch is reported (default:"
                    + " ${DEFAULT-VALUE})")
    int defaultEpochs;

    // 3,000 keeps the whole bench under 30 minutes on 2 cores; 10,000 (as in docs/numbers.md) adds 4
    @Option(names = "--inbox", paramLabel = "N", defaultValue = "3000",
            description = "images pre-sorted at the smallest size and at the first size this large (default:"
                    + " ${DEFAULT-VALUE})")
    int inbox;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "2g",
            description = "Java heap of the training processes (default: ${DEFAULT-VALUE})")
    String heap;

    @Option(names = "--profile", description = "record a Java Flight Recorder profile of every training process"
            + " (<out>/<run>.jfr; read it with `jfr print` or JDK Mission Control)")
    boolean profile;

    @Override
    public Integer call() throws Exception {
        List<Integer> sorted = sizes.stream().sorted().toList();
        if (sorted.isEmpty() || sorted.get(0) < 10) {
            System.err.println("graft: --sizes must be at least 10 each: " + sizes);
            return 2;
        }
        if (headEpochs < 1 || defaultEpochs < 1 || inbox < 1) {
            System.err.println("graft: --head-epochs, --default-epochs and --inbox must be at least 1");
            return 2;
        }
        ScaleBench.Plan plan = new ScaleBench.Plan(sorted, headEpochs, defaultUpTo, defaultEpochs, inbox, heap,
                profile);
        return BenchRun.run(spec, settings, false, scaleData == null ? List.of() : List.of(scaleData),
                (dir, results) -> {
                    results.put("scale", new ScaleBench(dir, System.out::println).run(scaleData, plan));
                    return 0;
                });
    }
}
