package dev.graft.cli;

import ai.djl.Device;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.model.FreezePlan;
import dev.graft.core.model.LayerNode;
import dev.graft.core.util.Json;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.catalogue.ModelSource;
import dev.graft.engine.net.LayerTrees;
import dev.graft.engine.net.LoadedNet;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code graft inspect}: the model as a tree (stages → blocks → layers) with parameter counts,
 * output shapes and BatchNorm statistics; with {@code --freeze}/{@code --train-last} it previews
 * exactly what training would freeze.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "Show a model's layer tree.")
final class InspectCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "mobilenet_v2", description = "model reference (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--freeze", description = "preview a freeze choice (default: none, i.e. everything trains)")
    String freeze;

    @Option(names = "--train-last", description = "preview training the last N stages plus the head")
    Integer trainLast;

    @Option(names = "--depth", defaultValue = "3", description = "tree levels to print (default: ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--json", description = "print JSON (the whole tree)")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (freeze != null && trainLast != null) {
            System.err.println("graft: " + RecipeCli.FREEZE_CONFLICT);
            return 2;
        }
        if (trainLast != null && trainLast < 0) {
            System.err.println("graft: --train-last must be 0 or more, not " + trainLast);
            return 2;
        }
        String freeze = this.freeze == null && trainLast == null ? "none" : this.freeze;
        ModelSource source = ModelCatalogue.resolve(model, 224);
        try (LoadedNet net = source.load(Device.cpu())) {
            boolean wholeModule = net.net().backboneRunsAsOneModule();
            FreezePlan plan = FreezePlan.resolve(LayerTrees.paths(net.net()), net.net().stages(), freeze, trainLast,
                    wholeModule);
            LayerNode root = LayerTrees.tree(net.net(), plan);
            ArchitectureSpec spec = net.net().spec();
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("model", source.describe());
                out.put("architecture", spec.architecture());
                out.put("inputSize", spec.imageSize());
                out.put("classes", spec.classes());
                out.put("stages", net.net().stages());
                out.put("partialFreezeSupported", !wholeModule);
                out.put("tree", root);
                System.out.println(Json.PORTABLE.toJson(out));
                return 0;
            }
            PrintStream o = System.out;
            o.printf(Locale.ROOT, "%s (%s, %d px, %d classes)%n", source.describe(), spec.architecture(),
                    spec.imageSize(), spec.classes().size());
            o.printf(Locale.ROOT, "%,d of %,d parameters train (%,d are BatchNorm statistics, never trained)%n",
                    root.trainableParameters(), root.parameters(), root.batchNormStatistics());
            if (wholeModule) {
                o.println("TorchScript backbone: only --freeze backbone or --freeze none are exact.");
            }
            for (LayerNode child : root.children()) {
                print(o, child, 0);
            }
            return 0;
        }
    }

    private void print(PrintStream o, LayerNode node, int level) {
        if (level >= depth) {
            return;
        }
        String shape = node.outputShape() == null ? "" : Arrays.toString(node.outputShape());
        o.printf(Locale.ROOT, "%-44s %-14s %11s %11s  %s%s%n", "  ".repeat(level) + node.name(), node.kind(),
                String.format(Locale.ROOT, "%,d", node.parameters()),
                node.frozen() ? "frozen" : String.format(Locale.ROOT, "%,d", node.trainableParameters()), shape,
                node.batchNormStatistics() > 0 && node.children().isEmpty() ? "  (+BN stats)" : "");
        for (LayerNode child : node.children()) {
            print(o, child, level + 1);
        }
    }
}
