package dev.graft.engine.net.keras;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads Keras' own files: {@code .h5} (Keras 2 / tf.keras {@code model.save("x.h5")}, also
 * written by Keras 3 as its legacy format) and {@code .keras} (Keras 3, and Keras 2.13–2.15's
 * preview of it). A Teachable Machine "Keras" export ({@code keras_model.h5} with
 * {@code labels.txt}) keeps its labels and Teachable Machine's input scaling.
 */
final class KerasFileReader {

    /** The file name of Teachable Machine's Keras export. */
    static final String TEACHABLE_MACHINE_FILE = "keras_model.h5";

    private KerasFileReader() {}

    /**
     * The Keras file of a source: the file itself, or in a folder the one {@code .h5}/{@code .keras}.
     *
     * @param source a file or folder
     * @return the file, or null
     * @throws IOException if the folder cannot be listed
     */
    static Path locate(Path source) throws IOException {
        if (Files.isRegularFile(source)) {
            return isKeras(source) ? source : null;
        }
        if (!Files.isDirectory(source) || Files.isRegularFile(source.resolve("model.json"))) {
            return null;
        }
        try (var files = Files.list(source)) {
            var found = files.filter(KerasFileReader::isKeras).sorted().toList();
            return found.size() == 1 ? found.get(0) : null;
        }
    }

    static boolean isKeras(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".h5") || n.endsWith(".hdf5") || n.endsWith(".keras");
    }

    /**
     * Reads a {@code .h5} or {@code .keras} file, with the labels of a {@code labels.txt} beside it.
     *
     * @param file the file
     * @return topology, weights and labels
     * @throws IOException if unreadable
     * @throws KerasFormatException if it is not a whole Keras model Graft reads
     */
    static KerasImporter.Source read(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        KerasH5.Model model = fileName.toLowerCase(Locale.ROOT).endsWith(".keras") ? KerasArchive.read(file)
                : KerasH5.readLegacy(file);
        Path dir = file.toAbsolutePath().getParent();
        List<String> labels = KerasImporter.labelsTxt(dir);
        boolean teachable = fileName.equals(TEACHABLE_MACHINE_FILE) && labels != null;
        String stem = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
        String name = teachable && dir.getFileName() != null ? dir.getFileName().toString() : stem;
        JsonObject topology = model.topology();
        return new KerasImporter.Source(topology, model.weights(), teachable ? "teachable-machine" : "keras", labels,
                null, name);
    }
}
