package dev.graft.engine.export;

import dev.graft.core.run.RunFolder;
import dev.graft.core.util.AtomicFiles;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.ModelFolderWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
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
    public static final String CHECKSUMS = ModelFolderWriter.CHECKSUMS;
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
        ModelFolderWriter.write(net, backboneDir, dir);
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
