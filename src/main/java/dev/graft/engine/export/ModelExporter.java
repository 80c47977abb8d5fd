package dev.graft.engine.export;

import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.run.RunFolder;
import dev.graft.core.util.AtomicFiles;
import dev.graft.engine.net.LoadedNet;
import dev.graft.core.model.ModelFiles;
import dev.graft.engine.net.ModelFolder;
import dev.graft.engine.net.NetLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes a model folder that DJL's {@code Criteria} (PyTorch engine, {@code Image →
 * Classifications}) and DJL Serving load: parameters, architecture, class names, checksums and a
 * {@code serving.properties} naming Graft's block and translator factories. The folder is built
 * beside the target and renamed into place, so a reader never sees half a model; an existing
 * target is never replaced or deleted.
 */
public final class ModelExporter {

    /** Checksums of the folder's weight files, in {@code sha256sum} format. */
    public static final String CHECKSUMS = "SHA256SUMS";
    /** The evaluation of the model on its run's validation split, when there is one. */
    public static final String EVALUATION = RunFolder.EVALUATION;

    private ModelExporter() {}

    /**
     * Exports a network into a new folder.
     *
     * @param net the network
     * @param backboneDir folder holding the TorchScript backbone file (null for Graft's own nets)
     * @param target the model folder to create; must not exist
     * @param evaluationJson the model's evaluation to store beside it, or null
     * @throws IOException on failure, or when the target exists (nothing is then changed)
     */
    public static void export(LoadedNet net, Path backboneDir, Path target, String evaluationJson)
            throws IOException {
        Path tmp = newTemporaryFolder(target);
        try {
            writeFolder(net, backboneDir, tmp);
            if (evaluationJson != null) {
                AtomicFiles.writeString(tmp.resolve(EVALUATION), evaluationJson);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(tmp);
        }
    }

    /**
     * Publishes a copy of a model folder (a run's final model is its last epoch's checkpoint).
     *
     * @param source a model folder Graft wrote
     * @param target the folder to create; must not exist
     * @throws IOException on failure, or when the target exists
     */
    public static void publishCopy(Path source, Path target) throws IOException {
        Path tmp = newTemporaryFolder(target);
        try {
            try (Stream<Path> files = Files.list(source)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, tmp.resolve(f.getFileName()));
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(tmp);
        }
    }

    /**
     * A new, empty temporary folder beside a target that must not exist yet. Made with
     * {@code createDirectory} (not {@code createTempDirectory}) so it gets the user's normal
     * permissions rather than owner-only ones.
     */
    private static Path newTemporaryFolder(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new java.nio.file.FileAlreadyExistsException(target.toString(), null,
                    "Graft does not replace an existing folder");
        }
        return Files.createDirectory(RunFolder.temporaryFor(target));
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
        List<String> weightFiles = new java.util.ArrayList<>(List.of(ModelFiles.PARAMS));
        if (ArchitectureSpec.TORCHSCRIPT.equals(spec.architecture())
                || ArchitectureSpec.KERAS.equals(spec.architecture())) {
            Path source;
            Path copy;
            try {
                source = ModelFolder.inside(backboneDir, spec.backboneFile());
                copy = ModelFolder.inside(dir, spec.backboneFile());
            } catch (ai.djl.MalformedModelException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (!Files.isSameFile(backboneDir, dir)) {
                AtomicFiles.write(copy, out -> Files.copy(source, out));
            }
            weightFiles.add(spec.backboneFile());
        }
        AtomicFiles.writeString(dir.resolve(CHECKSUMS), ModelFolder.checksums(dir, weightFiles));
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

    /**
     * Deletes a folder Graft itself created. Never called on user folders.
     *
     * @param dir the folder
     * @throws IOException on failure
     */
    static void deleteTree(Path dir) throws IOException {
        if (!RunFolder.isTemporary(dir.getFileName().toString())) {
            throw new IllegalArgumentException("refusing to delete " + dir + ": not a Graft temporary folder");
        }
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
