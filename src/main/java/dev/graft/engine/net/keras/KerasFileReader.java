package dev.graft.engine.net.keras;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Reads Keras' own files: {@code .h5} (Keras 2) and {@code .keras} (Keras 3). */
final class KerasFileReader {

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

    private static boolean isKeras(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".h5") || n.endsWith(".hdf5") || n.endsWith(".keras");
    }

    static KerasImporter.Source read(Path file) throws IOException {
        throw new KerasFormatException("Reading " + file.getFileName() + " is not supported yet.");
    }
}
