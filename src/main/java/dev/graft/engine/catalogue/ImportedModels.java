package dev.graft.engine.catalogue;

import ai.djl.MalformedModelException;
import dev.graft.core.model.ModelFiles;
import dev.graft.core.run.RunLocations;
import dev.graft.engine.net.keras.KerasImporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Keras models added in the window: imported once ({@code graft import}'s importer) into Graft's data
 * folder, {@code models/<name>-<hash of the source's location>}, and used from there. The source is
 * only read.
 */
public final class ImportedModels {

    private ImportedModels() {}

    /**
     * Whether a dropped or chosen file or folder is a Keras model to import (not a Graft model or run
     * folder, not a TorchScript file).
     *
     * @param path the file or folder
     * @return true for TF.js model files and folders, Teachable Machine exports and .h5/.keras files
     */
    public static boolean isKerasSource(Path path) {
        return KerasImporter.accepts(path);
    }

    /**
     * Imports a Keras model, or finds its earlier import.
     *
     * @param source the model file or folder
     * @return the imported model folder and what to tell the user
     * @throws IOException if it cannot be read or written, or is not supported (why)
     * @throws MalformedModelException if the built network is inconsistent
     */
    public static Imported importOnce(Path source) throws IOException, MalformedModelException {
        Path abs = source.toAbsolutePath().normalize();
        Path folder = Files.isRegularFile(abs) ? abs.getParent() : abs;
        String name = folder.getFileName() == null ? "model" : folder.getFileName().toString()
                .replaceAll("[^A-Za-z0-9._-]", "_");
        Path target = RunLocations.dataHome().resolve("models").resolve(name + "-" + hash(abs.toString()));
        if (Files.isRegularFile(target.resolve(ModelFiles.SPEC))) {
            return new Imported(target, "Already imported: " + target);
        }
        KerasImporter.Result r = KerasImporter.importTo(source, target, KerasImporter.Options.none());
        String what = r.classifierKept() ? "its classes " + String.join(", ", r.spec().classes()) + " kept"
                : "a backbone for your classes";
        return new Imported(target, String.format(Locale.ROOT, "Imported %s (%s, %d px, %s)%s into %s",
                abs.getFileName(), r.kind(), r.spec().imageSize(), what,
                r.notes().isEmpty() ? "" : "; " + String.join("; ", r.notes()), target));
    }

    /**
     * An imported model.
     *
     * @param folder the Graft model folder
     * @param message what happened, for the user
     */
    public record Imported(Path folder, String message) {}

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
