package dev.graft.engine.net;

import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.model.ModelFiles;
import dev.graft.core.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a network's model folder: parameters, architecture, class names, checksums and a
 * {@code serving.properties} naming Graft's block and translator factories, so DJL's {@code Criteria}
 * and DJL Serving load it. Lives beside the loader (not in {@code engine/export}) because importers
 * and training write model folders too; the export package publishes them.
 */
public final class ModelFolderWriter {

    /** Checksums of the folder's weight files, in {@code sha256sum} format. */
    public static final String CHECKSUMS = "SHA256SUMS";
    /**
     * The factories DJL instantiates from {@code serving.properties}. Named, not referenced, because
     * they live in {@code engine/export}, which depends on this package; {@code ModelExporterTest}
     * checks that the names are the classes'.
     */
    public static final String BLOCK_FACTORY = "dev.graft.engine.export.GraftBlockFactory";
    /** See {@link #BLOCK_FACTORY}. */
    public static final String TRANSLATOR_FACTORY = "dev.graft.engine.export.GraftTranslatorFactory";

    private ModelFolderWriter() {}

    /**
     * Writes the model files into a folder (used for checkpoints too).
     *
     * @param net the network
     * @param backboneDir folder holding the TorchScript backbone file, or null
     * @param dir the folder
     * @throws IOException on failure
     */
    public static void write(LoadedNet net, Path backboneDir, Path dir) throws IOException {
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
        try (var in = ModelFolderWriter.class.getResourceAsStream("/dev/graft/models/mobilenet_v2/LICENSE")) {
            if (in != null) {
                String text = "Weights derived from the MobileNetV2 of the npm package nsfwjs 4.4.0"
                        + " (blocks 0-10: Keras' ImageNet weights), converted and fine-tuned with Graft.\n\n"
                        + new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                AtomicFiles.writeString(dir.resolve("LICENSE-weights.txt"), text);
            }
        }
    }

    public static String servingProperties(ArchitectureSpec spec) {
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
                ""), ModelFiles.MODEL_NAME, BLOCK_FACTORY, TRANSLATOR_FACTORY,
                spec.imageSize(), spec.imageSize(), spec.normalization(), ModelFiles.SYNSET, spec.classes().size());
    }

}
