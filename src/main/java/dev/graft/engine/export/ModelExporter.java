package dev.graft.engine.export;

import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.util.AtomicFiles;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.ModelFiles;
import dev.graft.engine.net.NetLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes a model folder that DJL's {@code Criteria} (PyTorch engine, {@code Image →
 * Classifications}) and DJL Serving load: parameters, architecture, class names and a
 * {@code serving.properties} naming Graft's block and translator factories. The folder is built
 * beside the target and renamed into place, so a reader never sees half a model.
 */
public final class ModelExporter {

    private ModelExporter() {}

    /**
     * Exports a network.
     *
     * @param net the network
     * @param backboneDir folder holding the TorchScript backbone file (null for Graft's own nets)
     * @param target the model folder to create or replace
     * @throws IOException on failure (an existing target is then unchanged)
     */
    public static void export(LoadedNet net, Path backboneDir, Path target) throws IOException {
        ArchitectureSpec spec = net.net().spec();
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
        try {
            writeFolder(net, backboneDir, tmp);
            swapInto(tmp, target);
        } finally {
            deleteTree(tmp);
        }
    }

    /**
     * Writes the model files into a folder (used for checkpoints too).
     *
     * @param net the network
     * @param backboneDir folder holding the TorchScript backbone file, or null
     * @param dir the folder
     * @throws IOException on failure
     */
    public static void writeFolder(LoadedNet net, Path backboneDir, Path dir) throws IOException {
        ArchitectureSpec spec = net.net().spec();
        Files.createDirectories(dir);
        NetLoader.writeSpec(spec, dir.resolve(ModelFiles.SPEC));
        NetLoader.saveParameters(net, dir.resolve(ModelFiles.PARAMS));
        AtomicFiles.writeString(dir.resolve(ModelFiles.SYNSET), String.join("\n", spec.classes()) + "\n");
        AtomicFiles.writeString(dir.resolve(ModelFiles.SERVING), servingProperties(spec));
        copyWeightsLicence(spec, dir);
        if (ArchitectureSpec.TORCHSCRIPT.equals(spec.architecture())) {
            Path source = backboneDir.resolve(spec.backboneFile());
            Path copy = dir.resolve(spec.backboneFile());
            if (!Files.isSameFile(backboneDir, dir)) {
                Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Weights derived from the bundled model stay under its MIT licence, which must travel with them. */
    private static void copyWeightsLicence(ArchitectureSpec spec, Path dir) throws IOException {
        if (spec.baseModel() == null || !spec.baseModel().startsWith("nsfwjs")) {
            return;
        }
        try (var in = ModelExporter.class.getResourceAsStream("/dev/graft/models/mobilenet_v2/LICENSE")) {
            if (in != null) {
                String text = "Weights derived from the MobileNetV2 of the npm package nsfwjs 4.4.0"
                        + " (blocks 0-10: Keras' ImageNet weights), converted and fine-tuned with Graft.\n\n"
                        + new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                AtomicFiles.writeString(dir.resolve("LICENSE-weights.txt"), text);
            }
        }
    }

    static String servingProperties(ArchitectureSpec spec) {
        return String.format(Locale.ROOT, String.join("\n",
                "# Written by Graft. Load with DJL (Graft's jar on the class path provides the two factories below):",
                "#   Criteria.builder().setTypes(Image.class, Classifications.class)",
                "#       .optModelPath(Path.of(\"<this folder>\")).optEngine(\"PyTorch\")",
                "#       .optTranslatorFactory(new DeferredTranslatorFactory())  // use translatorFactory below",
                "#       .build().loadModel()",
                "# Without DeferredTranslatorFactory DJL falls back to its own ImageClassificationTranslator",
                "# (resize + softmax, configured below): close, but transparency turns black, not white.",
                "engine=PyTorch",
                "option.modelName=%s",
                "application=cv/image_classification",
                "blockFactory=%s",
                "translatorFactory=%s",
                "# Preprocessing (what the translator does): composite transparency onto white, centre",
                "# square crop, bilinear resize to width x height, RGB scaled to [0, 1], then normalisation.",
                "width=%d",
                "height=%d",
                "background=#FFFFFF",
                "normalization=%s",
                "synsetFileName=%s",
                "resize=true",
                "applySoftmax=true",
                "topK=%d",
                ""), ModelFiles.MODEL_NAME, GraftBlockFactory.class.getName(), GraftTranslatorFactory.class.getName(),
                spec.imageSize(), spec.imageSize(), spec.normalization(), ModelFiles.SYNSET, spec.classes().size());
    }

    private static void swapInto(Path tmp, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old");
            deleteTree(old);
            Files.move(target, old);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            deleteTree(old);
        }
    }

    /**
     * Deletes a folder Graft itself created. Never called on user folders.
     *
     * @param dir the folder
     * @throws IOException on failure
     */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
