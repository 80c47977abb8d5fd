package dev.graft.cli.bench;

import dev.graft.engine.bench.CheckBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code graft bench check}: how long {@code graft check} takes on many images. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Time of graft check on many images.")
final class CheckBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BenchSettings settings;

    @Mixin
    ManyImages many;

    @Override
    public Integer call() throws Exception {
        if (many.problem() != null) {
            System.err.println("graft: " + many.problem());
            return 2;
        }
        return BenchRun.run(spec, settings, false, many.read(), (dir, results) -> {
            results.put("check", new CheckBench(dir.resolve("check"), System.out::println).run(many.scaleData,
                    many.images));
            return 0;
        });
    }
}
