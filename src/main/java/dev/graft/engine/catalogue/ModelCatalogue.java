package dev.graft.engine.catalogue;

import ai.djl.MalformedModelException;
import dev.graft.core.model.CatalogueEntry;
import dev.graft.core.run.RunFolder;
import dev.graft.core.model.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The models Graft offers and how a {@code --model} argument is resolved: a catalogue id, a
 * TorchScript file, a Graft model folder, or a run folder (its final model, else its latest
 * checkpoint), so a fine-tuned model can be the start of the next transfer.
 */
public final class ModelCatalogue {

    /** Parameter count of the bundled model (checked against the real network by a test). */
    public static final long BUNDLED_PARAMETERS = 2_619_461L;

    private static final String TORCHVISION_LICENSE = "BSD-3-Clause (torchvision); ImageNet-trained weights";

    private ModelCatalogue() {}

    /** @return every catalogue model, the default first */
    public static List<CatalogueEntry> entries() {
        return List.of(
                new CatalogueEntry(BundledModel.ID, "MobileNetV2 1.0 (224 px)", "MobileNetV2",
                        BUNDLED_PARAMETERS, 224,
                        "Keras' ImageNet MobileNetV2 as fine-tuned and published in the npm package nsfwjs 4.4.0;"
                                + " converted to DJL blocks by `graft import-tfjs`",
                        "MIT (nsfwjs, Infinite Red)", 0, true, "bundled", true,
                        "Blocks 0-10 carry Keras' ImageNet weights (frozen by nsfwjs' authors); blocks 11-16,"
                                + " Conv_1 and the 256-128-5 head were fine-tuned by them for image moderation"
                                + " (Drawing, Hentai, Neutral, Porn, Sexy). Input: RGB 224x224 scaled to [0, 1],"
                                + " transparency composited onto white. Weights were uint8-quantised by TF.js."
                                + " For transfer, Graft replaces the head with one for your classes."),
                zoo("resnet18", "ResNet-18", 11_689_512L, 46_830_000L),
                zoo("resnet50", "ResNet-50", 25_557_032L, 102_530_000L),
                zoo("resnet101", "ResNet-101", 44_549_160L, 178_730_000L));
    }

    private static CatalogueEntry zoo(String artifact, String name, long params, long bytes) {
        return new CatalogueEntry("djl:" + artifact, name + " (ImageNet, TorchScript)", "ResNet", params, 224,
                "DJL model zoo, ai.djl.pytorch:resnet artifact " + artifact + " (torchvision weights)",
                TORCHVISION_LICENSE, bytes, false, "zoo", false,
                "torchvision's ImageNet " + name + " exported to TorchScript for the DJL model zoo."
                        + " Input: RGB 224x224, ImageNet mean/std. Needs a one-time download (size is approximate).");
    }

    /**
     * Looks up a catalogue id.
     *
     * @param id the id
     * @return the entry, if any
     */
    public static Optional<CatalogueEntry> find(String id) {
        return entries().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /**
     * Resolves a {@code --model} argument.
     *
     * @param ref catalogue id, file or folder; null for the default model
     * @param imageSize input size (used to probe TorchScript files)
     * @return the model source
     * @throws IOException if nothing loadable is found, with what was expected
     * @throws MalformedModelException if a file is there but is not a model
     */
    public static ModelSource resolve(String ref, int imageSize) throws IOException, MalformedModelException {
        if (ref == null || ref.isBlank() || ref.equals(BundledModel.ID) || ref.equals("default")) {
            return new BundledModel();
        }
        Optional<CatalogueEntry> entry = find(ref);
        if (entry.isPresent() && entry.get().kind().equals("zoo")) {
            throw new IOException("Model '" + ref + "' is in the DJL model zoo and is not downloaded."
                    + " Downloading from the model zoo is not available in this version; export it to TorchScript"
                    + " and pass the .pt file with --model, or use the bundled '" + BundledModel.ID + "'.");
        }
        Path path = Path.of(ref);
        if (Files.isRegularFile(path)) {
            return new TorchScriptFile(path, imageSize);
        }
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve(ModelFiles.SPEC))) {
                return new FolderModel(path);
            }
            RunFolder run = new RunFolder(path);
            run.removeLeftovers();
            if (Files.isRegularFile(run.model().resolve(ModelFiles.SPEC))) {
                return new FolderModel(run.model());
            }
            Optional<Path> checkpoint = latestCheckpoint(path);
            if (checkpoint.isPresent()) {
                return new FolderModel(checkpoint.get());
            }
            throw new IOException(path + " is not a Graft model or run folder (no " + ModelFiles.SPEC
                    + ", no model/ and no checkpoints/)");
        }
        throw new IOException("Unknown model '" + ref + "': use a catalogue id (see `graft models`),"
                + " a TorchScript .pt file, or a Graft run or model folder.");
    }

    /**
     * Resolves the {@code --run} argument of eval and predict: a run folder or a Graft model
     * folder, i.e. a model with a trained head for known classes. A pretrained backbone (catalogue
     * id, TorchScript file) has no such head and is refused.
     *
     * @param ref the argument
     * @return the model folder
     * @throws IOException if it is not a run or model folder, with what to do
     * @throws MalformedModelException if its architecture file is invalid
     */
    public static FolderModel resolveTrained(String ref) throws IOException, MalformedModelException {
        Path path = Path.of(ref);
        if (!Files.isDirectory(path)) {
            String what = Files.isRegularFile(path) ? path + " is a file (a TorchScript backbone?)"
                    : find(ref).isPresent() ? "'" + ref + "' is a pretrained backbone from the catalogue"
                    : "no folder " + path;
            throw new IOException(what + ": --run needs a run folder or a Graft model folder, whose head was trained"
                    + " for your classes. Train on the backbone first (graft train --model " + ref
                    + " --data ...) and pass the run folder.");
        }
        ModelSource source = resolve(ref, 224);
        if (!(source instanceof FolderModel folder)) {
            throw new IOException(path + " is not a run or model folder");
        }
        return folder;
    }

    /**
     * The newest checkpoint of a run folder.
     *
     * @param runDir the run folder
     * @return the checkpoint folder, if any
     * @throws IOException if the folder cannot be listed
     */
    public static Optional<Path> latestCheckpoint(Path runDir) throws IOException {
        Path dir = new RunFolder(runDir).checkpoints();
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(ModelFiles.SPEC))
                            && Files.isRegularFile(p.resolve(ModelFiles.PARAMS)))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        }
    }
}
