package dev.graft.core.labelling;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which files are images Graft can read, by their first bytes (a renamed text file is not an
 * image, a JPEG called {@code .png} is). The formats are those the engine's decoder reads; a file
 * that passes here and is still broken shows up among the scan's skipped files with the reason.
 */
public final class ImageFiles {

    private ImageFiles() {}

    /**
     * The image format of a file, read from its first bytes.
     *
     * @param file the file
     * @return "png", "jpeg", "gif", "bmp" or "tiff"; null when it is none of them
     * @throws IOException if the file cannot be read
     */
    public static String sniff(Path file) throws IOException {
        byte[] b = new byte[12];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(b, 0, b.length);
        }
        if (n >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (n >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "jpeg";
        }
        if (n >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "gif";
        }
        if (n >= 2 && b[0] == 'B' && b[1] == 'M') {
            return "bmp";
        }
        if (n >= 4 && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0)
                || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) {
            return "tiff";
        }
        return null;
    }

    /**
     * Why a file cannot be added as an image, or null when it can.
     *
     * @param file the file
     * @return the reason in words, or null
     */
    public static String refusal(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return "not a regular file";
            }
            if (Files.size(file) == 0) {
                return "empty file (0 bytes)";
            }
            if (sniff(file) != null) {
                return null;
            }
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".webp") || name.endsWith(".heic") || name.endsWith(".heif") || name.endsWith(".avif")) {
                return "an image format Graft cannot read yet (" + name.substring(name.lastIndexOf('.') + 1)
                        + "): convert it to JPEG or PNG";
            }
            return "not an image (only PNG, JPEG, GIF, BMP and TIFF are read)";
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
