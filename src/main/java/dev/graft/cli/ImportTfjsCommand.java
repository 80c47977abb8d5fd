package dev.graft.cli;

import ai.djl.Device;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.engine.catalogue.BundledModel;
import dev.graft.engine.net.LoadedNet;
import dev.graft.core.model.ModelFiles;
import dev.graft.engine.net.NetLoader;
import dev.graft.engine.net.TfjsImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Converts the TF.js (Keras layers) MobileNetV2 of nsfwjs into Graft's bundled model folder. This
 * is how {@code src/main/resources/dev/graft/models/mobilenet_v2/} was made.
 */
@Command(name = "import-tfjs", mixinStandardHelpOptions = true,
        description = "Convert a TF.js Keras MobileNetV2 (model.json + shards) into a Graft model folder.")
final class ImportTfjsCommand implements Callable<Integer> {

    @Option(names = "--model-json", required = true, description = "the TF.js model.json")
    Path modelJson;

    @Option(names = "--out", required = true, description = "output model folder: new, empty, or an earlier"
            + " import-tfjs output, whose two files are replaced (nothing else in it is touched)")
    Path out;

    @Override
    public Integer call() throws Exception {
        ArchitectureSpec spec = BundledModel.originalSpec();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            System.err.println("graft: " + out + " is a file; choose a new or empty folder");
            return 2;
        }
        if (Files.isDirectory(out) && !isEmpty(out) && !isEarlierImport(out, spec)) {
            // e.g. a fine-tuned model: replacing its weights would lose them and leave its class
            // list and checksums describing weights that are gone
            System.err.println("graft: " + out + " is not empty and not an earlier import-tfjs output; choose a new"
                    + " or empty folder");
            return 2;
        }
        try (LoadedNet net = NetLoader.create(spec, null, Device.cpu(), BundledModel.HEAD_SOURCE_NAMES)) {
            int n = TfjsImporter.importInto(modelJson, net.net());
            Files.createDirectories(out);
            NetLoader.writeSpec(spec, out.resolve(ModelFiles.SPEC));
            NetLoader.saveParameters(net, out.resolve(ModelFiles.PARAMS));
            System.out.println("imported " + n + " tensors into " + out);
        }
        return 0;
    }

    private static boolean isEmpty(Path dir) throws java.io.IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** A folder this command wrote: its architecture file is the original model's, and nothing else. */
    private static boolean isEarlierImport(Path dir, ArchitectureSpec spec) throws java.io.IOException {
        Path file = dir.resolve(ModelFiles.SPEC);
        try (var entries = Files.list(dir)) {
            // an interrupted import may have left one of Graft's temporary files
            boolean onlyOurs = entries.map(p -> p.getFileName().toString()).allMatch(n -> n.equals(ModelFiles.SPEC)
                    || n.equals(ModelFiles.PARAMS) || dev.graft.core.util.AtomicFiles.isTemporary(n));
            return onlyOurs && Files.isRegularFile(file)
                    && Files.readString(file).equals(dev.graft.core.util.Json.PRETTY.toJson(spec));
        }
    }
}
