package dev.graft.core.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader sees either the old content or the new, never half of it: write a
 * temporary file in the same folder, force it to disk, then rename it over the target. A crash or
 * a full disk mid-write leaves the previous file intact.
 */
public final class AtomicFiles {

    /** Something that writes a file's bytes. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the content.
         *
         * @param out the stream to write to
         * @throws IOException on failure
         */
        void write(OutputStream out) throws IOException;
    }

    /** Prefix of every temporary file or folder Graft creates while writing (cleaned up later). */
    public static final String TEMP_PREFIX = ".graft-tmp-";

    private AtomicFiles() {}

    /**
     * A fresh name for a temporary file or folder beside {@code target}; Graft's clean-up removes
     * only names made here.
     *
     * @param target the file the temporary one will become
     * @return the temporary path
     */
    public static Path temporaryFor(Path target) {
        String name = TEMP_PREFIX + target.getFileName() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        return target.toAbsolutePath().resolveSibling(name);
    }

    /**
     * Whether a name is a temporary file or folder made by {@link #temporaryFor(Path)}.
     *
     * @param name a file name
     * @return true for Graft's temporaries
     */
    public static boolean isTemporary(String name) {
        return name.startsWith(TEMP_PREFIX);
    }

    /** Temporary files are created owner-only; a model file others cannot read is no use. */
    private static void makeReadable(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: the default permissions apply
        }
    }

    /**
     * Writes a text file atomically.
     *
     * @param target the file
     * @param text its content (UTF-8)
     * @throws IOException on failure; the target is then unchanged
     */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes a file atomically.
     *
     * @param target the file
     * @param writer produces the content
     * @throws IOException on failure; the target is then unchanged
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createFile(temporaryFor(target));
        try {
            makeReadable(tmp);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
