package dev.graft.cli.bench;

import dev.graft.engine.bench.ProbeComparison;
import java.nio.file.Path;
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
 * {@code graft bench probe}: which frozen backbone's features transfer best to held-out folders, and
 * whether several backbones' features together do better (a linear probe on each, over seeds).
 */
@Command(name = "probe", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Linear probes on frozen backbones' features, alone and joined, over seeds.")
final class ProbeBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchSettings settings;

    @Option(names = "--model", paramLabel = "ID[@SIZE][:STAGES]", required = true,
            description = "a backbone, e.g. mobilenet_v2 or inception_v3@299:mixed5,mixed7 (repeatable)")
    List<String> models = new ArrayList<>();

    @Option(names = "--test", paramLabel = "DIR", split = ",", description = "held-out image folders, each its own"
            + " column (default: none, validation only)")
    List<Path> tests = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", split = ",", defaultValue = "1,2,3",
            description = "seeds of the split and the probe (default: ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "30", description = "probe epochs (default:"
            + " ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--image-size", paramLabel = "N", defaultValue = "224",
            description = "input size of a backbone given without @SIZE (default: ${DEFAULT-VALUE})")
    int imageSize;

    @Override
    public Integer call() throws Exception {
        List<ProbeComparison.Backbone> backbones = new ArrayList<>();
        try {
            for (String m : models) {
                backbones.add(ProbeComparison.Backbone.parse(m, imageSize));
            }
        } catch (NumberFormatException e) {
            System.err.println("graft: --model takes ID[@SIZE][:STAGES], e.g. inception_v3@299:mixed7");
            return 2;
        }
        if (epochs < 1) {
            System.err.println("graft: --epochs must be at least 1");
            return 2;
        }
        return BenchRun.run(spec, settings, false, tests, (dir, results) -> {
            List<ProbeComparison.Row> rows = ProbeComparison.run(settings.data, backbones, seeds, tests, epochs,
                    System.out::println);
            String table = ProbeComparison.markdown(rows);
            System.out.println(table);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("rows", rows);
            r.put("table", table);
            results.put("probe", r);
            return 0;
        });
    }
}
