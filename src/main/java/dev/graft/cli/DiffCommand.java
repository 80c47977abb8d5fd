package dev.graft.cli;

import ai.djl.Device;
import dev.graft.core.util.Json;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.diff.ParamDiff;
import dev.graft.engine.net.LoadedNet;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code graft diff A B}: what changed between two models, tensor by tensor. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two models (ids, files, run or model folders) tensor by tensor.")
final class DiffCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "A", description = "first model")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "second model")
    String b;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--all", description = "list identical tensors too")
    boolean all;

    @Override
    public Integer call() throws Exception {
        ParamDiff.Result r;
        try (LoadedNet na = ModelCatalogue.resolve(a, 224).load(Device.cpu());
                LoadedNet nb = ModelCatalogue.resolve(b, 224).load(Device.cpu())) {
            r = ParamDiff.compare(a, na, b, nb);
        }
        if (json) {
            System.out.println(Json.PORTABLE.toJson(r));
            return 0;
        }
        System.out.printf(Locale.ROOT, "%d tensors compared: %d identical, %d changed; %d only in A, %d only in B,"
                + " %d with different shapes%n", r.tensors().size(), r.identical(), r.changed(), r.onlyInA().size(),
                r.onlyInB().size(), r.shapeMismatch().size());
        for (ParamDiff.TensorDiff t : r.tensors()) {
            if (all || !t.identical()) {
                System.out.printf(Locale.ROOT, "  %-52s %-18s %s%n", t.name(), ParamDiff.shape(t.shape()),
                        t.identical() ? "identical" : String.format(Locale.ROOT, "maxAbsDiff %.3g", t.maxAbsDiff()));
            }
        }
        r.shapeMismatch().forEach(s -> System.out.println("  shape differs: " + s));
        r.onlyInA().forEach(s -> System.out.println("  only in A: " + s));
        r.onlyInB().forEach(s -> System.out.println("  only in B: " + s));
        return 0;
    }
}
