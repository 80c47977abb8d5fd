package dev.graft.engine.net.keras;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A Keras 3 {@code .keras} file: a zip holding {@code config.json} (the model's serialised
 * config), {@code model.weights.h5} (variables by layer path) and {@code metadata.json}. Read in
 * memory, never unpacked; entries are checked all the same, since a zip naming {@code ../} paths is
 * not something Keras writes.
 */
final class KerasArchive {

    static final String CONFIG = "config.json";
    static final String WEIGHTS = "model.weights.h5";
    /** Keras' other variable store, which Graft does not read. */
    static final String NPZ_WEIGHTS = "model.weights.npz";
    /** Largest entry read (the HDF5 reader needs the weights in one array). */
    private static final long MAX_ENTRY = Integer.MAX_VALUE - 64;

    private KerasArchive() {}

    /**
     * Reads the model of a {@code .keras} file.
     *
     * @param file the file
     * @return topology and weights
     * @throws IOException if unreadable
     * @throws KerasFormatException if it is not a Keras archive Graft reads
     */
    static KerasH5.Model read(Path file) throws IOException {
        Map<String, ZipEntry> entries = new HashMap<>();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            throw new KerasFormatException(file.getFileName() + " is not a .keras file (not a readable zip archive: "
                    + e.getMessage() + ").", e);
        }
        try (zip) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                String n = e.getName();
                if (n.startsWith("/") || n.startsWith("\\") || n.contains("..") || n.indexOf('\0') >= 0
                        || n.contains(":")) {
                    throw new KerasFormatException(file.getFileName() + " holds an entry named '" + n
                            + "', a path leading out of the archive; Keras writes no such entry, so Graft does"
                            + " not read this file.");
                }
                entries.put(n, e);
            }
            ZipEntry config = entries.get(CONFIG);
            ZipEntry weights = entries.get(WEIGHTS);
            if (config == null || weights == null) {
                String missing = config == null && weights == null ? CONFIG + " and " + WEIGHTS
                        : config == null ? CONFIG : WEIGHTS;
                String hint = weights == null && entries.containsKey(NPZ_WEIGHTS)
                        ? " It stores its weights as " + NPZ_WEIGHTS + ", which Graft does not read: save the model"
                                + " with Keras' default weights format."
                        : "";
                throw new KerasFormatException(file.getFileName() + " has no " + missing + ": it is not a complete"
                        + " Keras 3 model file." + hint);
            }
            JsonObject topology;
            try {
                topology = JsonParser.parseString(new String(bytes(zip, config, file), StandardCharsets.UTF_8))
                        .getAsJsonObject();
            } catch (RuntimeException e) {
                throw new KerasFormatException(file.getFileName() + ": " + CONFIG + " is not valid JSON ("
                        + e.getMessage() + ").", e);
            }
            return KerasH5.readVariables(topology, bytes(zip, weights, file), file.getFileName() + " (" + WEIGHTS
                    + ")");
        } catch (ZipException e) {
            throw new KerasFormatException(file.getFileName() + " is a damaged zip archive: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(ZipFile zip, ZipEntry entry, Path file) throws IOException {
        long limit = CONFIG.equals(entry.getName()) ? KerasModelFile.MAX_BYTES : MAX_ENTRY;
        try (InputStream in = zip.getInputStream(entry)) {
            // the declared size may lie: read at most one byte past the limit
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (b.length > limit) {
                throw new KerasFormatException(file.getFileName() + ": " + entry.getName() + " is larger than any"
                        + " model Graft reads.");
            }
            return b;
        }
    }
}
