package dev.graft.cli;

import ai.djl.Device;
import com.google.gson.JsonObject;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.model.ModelFiles;
import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import dev.graft.engine.catalogue.BundledModel;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.NetLoader;
import dev.graft.engine.net.TfjsImporter;
import dev.graft.engine.net.keras.KerasFormatException;
import dev.graft.engine.net.keras.KerasImporter;
import dev.graft.engine.net.keras.TfjsModelReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Imports a Keras image model into a Graft model folder that {@code --model DIR} trains from: a TF.js
 * "layers" model (model.json and shards, or an npm package's wrapped .min.js files), a Teachable
 * Machine export folder, or a Keras .h5/.keras file. {@code --architecture mobilenet_v2} instead
 * converts nsfwjs' MobileNetV2 into Graft's own MobileNetV2 blocks: that is how the bundled model
 * ({@code src/main/resources/dev/graft/models/mobilenet_v2/}) was made.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a Keras image model (TF.js model.json or folder, npm .min.js files, a Teachable"
                + " Machine export, .h5/.keras) into a Graft model folder.")
final class ImportCommand implements Callable<Integer> {

    /** Files an import writes; an earlier import holding only these may be replaced. */
    private static final Set<String> OURS = Set.of(ModelFiles.SPEC, ModelFiles.PARAMS, ModelFiles.KERAS,
            ModelFiles.SYNSET, ModelFiles.SERVING, "SHA256SUMS", "LICENSE-weights.txt");

    @Parameters(index = "0", paramLabel = "SOURCE", description = "model.json, a folder holding one (or model.min.js),"
            + " a Teachable Machine export folder, or a .h5/.keras file")
    Path source;

    @Option(names = "--out", required = true, description = "the model folder to write: new, empty, or an earlier"
            + " import, which is replaced (nothing else in it may be there)")
    Path out;

    @Option(names = "--labels", split = ",", description = "class names of the model's outputs, in order"
            + " (default: metadata.json/labels.txt beside the model, else class_0, class_1, …)")
    List<String> labels;

    @Option(names = "--normalization", description = "how pixels become inputs: unit (RGB/255), imagenet, tm"
            + " (RGB/127-1, Teachable Machine), symmetric (RGB/127.5-1, Keras' MobileNet/Inception), pixels (0..255)"
            + " (default: tm for Teachable Machine, pixels when the model starts with Rescaling, else unit)")
    String normalization;

    @Option(names = "--image-size", description = "image side for models that leave it open (default: 224)")
    Integer imageSize;

    @Option(names = "--architecture", defaultValue = "keras", description = "keras (default): the model's own"
            + " layer graph; mobilenet_v2: Graft's MobileNetV2 blocks, for nsfwjs' MobileNetV2 only (the bundled"
            + " model)")
    String architecture;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (normalization != null && !ArchitectureSpec.NORMALIZATIONS.contains(normalization)) {
            System.err.println("graft: --normalization must be one of " + String.join(", ",
                    ArchitectureSpec.NORMALIZATIONS));
            return 2;
        }
        if (!Set.of("keras", "mobilenet_v2").contains(architecture)) {
            System.err.println("graft: --architecture must be keras or mobilenet_v2");
            return 2;
        }
        if (imageSize != null && (imageSize < 32 || imageSize > 1024)) {
            System.err.println("graft: --image-size must be between 32 and 1024");
            return 2;
        }
        if (!Files.exists(source)) {
            System.err.println("graft: " + source + " does not exist");
            return 2;
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            System.err.println("graft: " + out + " is a file; choose a new or empty folder");
            return 2;
        }
        if (Files.isDirectory(out) && !isEmpty(out) && !isEarlierImport(out)) {
            // e.g. a fine-tuned model or the user's files: replacing them would lose them
            System.err.println("graft: " + out + " is not empty and not an earlier import; choose a new or empty"
                    + " folder");
            return 2;
        }
        if ("mobilenet_v2".equals(architecture)) {
            return bundledLayout();
        }
        Path target = out.toAbsolutePath().normalize();
        Path staged = target.resolveSibling(target.getFileName() + ".graft-import");
        if (Files.exists(staged)) {
            System.err.println("graft: " + staged + " is in the way (left by an interrupted import?); remove it");
            return 2;
        }
        KerasImporter.Result r;
        try {
            r = KerasImporter.importTo(source, staged, new KerasImporter.Options(labels, normalization, imageSize));
        } catch (KerasFormatException e) {
            System.err.println("graft: cannot import " + source + ": " + e.getMessage());
            return 2;
        }
        replace(target, staged);
        print(r);
        return 0;
    }

    private void print(KerasImporter.Result r) {
        ArchitectureSpec s = r.spec();
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("out", out.toString());
            o.addProperty("source", r.kind());
            o.addProperty("architecture", s.architecture());
            o.addProperty("imageSize", s.imageSize());
            o.addProperty("normalization", s.normalization());
            o.add("classes", Json.PORTABLE.toJsonTree(s.classes()));
            o.addProperty("classifierKept", r.classifierKept());
            o.add("headHidden", Json.PORTABLE.toJsonTree(s.headHidden()));
            o.addProperty("featureSize", s.featureSize());
            o.add("stages", Json.PORTABLE.toJsonTree(r.stages()));
            o.addProperty("tensors", r.tensors());
            o.add("notes", Json.PORTABLE.toJsonTree(r.notes()));
            System.out.println(Json.PORTABLE.toJson(o));
            return;
        }
        System.out.printf("imported %s (%s, %d tensors) into %s%n", source, r.kind(), r.tensors(), out);
        System.out.printf("  %d px, normalization %s, %d features from stage %s%n", s.imageSize(), s.normalization(),
                s.featureSize(), s.featureTaps().get(0));
        System.out.println("  stages: " + String.join(", ", r.stages()));
        System.out.println(r.classifierKept() ? "  its classifier is kept: classes " + String.join(", ", s.classes())
                + (s.headHidden().isEmpty() ? "" : ", hidden layers " + s.headHidden())
                : "  no classifier kept: a backbone for training with your classes");
        r.notes().forEach(n -> System.out.println("  note: " + n));
        System.out.println("  train on it: graft train --model " + out + " --data <your images>");
    }

    /** Moves a finished import into place, replacing an empty folder or an earlier import. */
    private static void replace(Path target, Path staged) throws IOException {
        if (Files.isDirectory(target)) {
            try (var files = Files.list(target)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(target);
        }
        Files.move(staged, target);
    }

    private int bundledLayout() throws Exception {
        Path modelJson = TfjsModelReader.locate(source);
        if (modelJson == null || !modelJson.getFileName().toString().endsWith(".json")) {
            System.err.println("graft: --architecture mobilenet_v2 needs nsfwjs' MobileNetV2 model.json");
            return 2;
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

    private static boolean isEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** A folder an import wrote: a Graft architecture file and nothing but the files an import writes. */
    private static boolean isEarlierImport(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            // an interrupted import may have left one of Graft's temporary files
            boolean onlyOurs = entries.map(p -> p.getFileName().toString())
                    .allMatch(n -> OURS.contains(n) || AtomicFiles.isTemporary(n));
            if (!onlyOurs || !Files.isRegularFile(dir.resolve(ModelFiles.SPEC))) {
                return false;
            }
            String spec = Files.readString(dir.resolve(ModelFiles.SPEC));
            return Files.isRegularFile(dir.resolve(ModelFiles.KERAS))
                    || spec.equals(Json.PRETTY.toJson(BundledModel.originalSpec()));
        }
    }

    static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).toList();
    }
}
