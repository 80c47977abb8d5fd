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

    @Option(names = "--out", required = true, description = "output model folder: new, empty, or a Graft model"
            + " folder whose model files are replaced (nothing else in it is touched)")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (Files.isDirectory(out) && !Files.isRegularFile(out.resolve(ModelFiles.SPEC))) {
            try (var entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    System.err.println("graft: " + out + " is not empty and not a Graft model folder; choose a new"
                            + " or empty folder");
                    return 2;
                }
            }
        }
        ArchitectureSpec spec = BundledModel.originalSpec();
        try (LoadedNet net = NetLoader.create(spec, null, Device.cpu(), BundledModel.HEAD_SOURCE_NAMES)) {
            int n = TfjsImporter.importInto(modelJson, net.net());
            Files.createDirectories(out);
            NetLoader.writeSpec(spec, out.resolve(ModelFiles.SPEC));
            NetLoader.saveParameters(net, out.resolve(ModelFiles.PARAMS));
            System.out.println("imported " + n + " tensors into " + out);
        }
        return 0;
    }
}
