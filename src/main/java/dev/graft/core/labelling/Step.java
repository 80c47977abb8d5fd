package dev.graft.core.labelling;

import java.nio.file.Path;

/**
 * One file-system change of a labelling operation. Every step can tell from the files alone
 * whether it has happened, so a journal that lists the steps is enough to complete or undo an
 * operation that was interrupted at any point.
 *
 * @param kind what the step does
 * @param from the file or folder moved or copied (null for folder steps)
 * @param to where it goes, or the folder made or removed
 * @param size the file's size when planned (-1 for folders)
 * @param sha256 the file's SHA-256 when planned, hex; null when the step needs none (a rename
 *     within one file system keeps the bytes by construction)
 */
public record Step(Kind kind, Path from, Path to, long size, String sha256) {

    /** What a step does. */
    public enum Kind {
        /**
         * Moves a file or folder: a rename within one file system, otherwise copy to a temporary
         * name, verify, rename, then delete the original.
         */
        MOVE,
        /** Copies a file in (copy to a temporary name, verify, rename); the original stays. */
        COPY,
        /** Creates a folder. */
        MKDIR,
        /** Removes a folder if it is empty (a folder with files is left alone). */
        RMDIR
    }

    /**
     * A move.
     *
     * @param from source
     * @param to target
     * @param size size in bytes, -1 for a folder
     * @param sha256 content hash or null
     * @return the step
     */
    public static Step move(Path from, Path to, long size, String sha256) {
        return new Step(Kind.MOVE, from, to, size, sha256);
    }

    /**
     * A copy.
     *
     * @param from source
     * @param to target
     * @param size size in bytes
     * @param sha256 content hash
     * @return the step
     */
    public static Step copy(Path from, Path to, long size, String sha256) {
        return new Step(Kind.COPY, from, to, size, sha256);
    }

    /**
     * A new folder.
     *
     * @param dir the folder
     * @return the step
     */
    public static Step mkdir(Path dir) {
        return new Step(Kind.MKDIR, null, dir, -1, null);
    }

    /**
     * Removing an empty folder.
     *
     * @param dir the folder
     * @return the step
     */
    public static Step rmdir(Path dir) {
        return new Step(Kind.RMDIR, null, dir, -1, null);
    }
}
