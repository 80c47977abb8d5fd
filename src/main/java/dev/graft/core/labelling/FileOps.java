package dev.graft.core.labelling;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The few file-system primitives labelling is built from. None of them ever replaces an existing
 * file. {@link #SYSTEM} is the real file system; tests wrap it to make a copy fail half-way.
 */
public interface FileOps {

    /** The real file system. */
    FileOps SYSTEM = new FileOps() { };

    /**
     * Renames a file or folder within one file system; fails if the target exists. A regular file
     * is hard-linked under its new name and then unlinked from the old one, which refuses an
     * existing target atomically (a plain rename would silently replace a file created a moment
     * earlier); where links are not supported, an ordinary rename after an existence check is used.
     *
     * @param from the file or folder
     * @param to its new name (must not exist)
     * @throws IOException on failure; {@link FileAlreadyExistsException} if the target exists
     */
    default void rename(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
            boolean linked;
            try {
                Files.createLink(to, from);
                linked = true;
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (UnsupportedOperationException | IOException e) {
                linked = false; // FAT, some network shares: no hard links
            }
            if (linked) {
                try {
                    Files.delete(from);
                } catch (IOException e) {
                    Files.delete(to); // the original stays where it was (e.g. its folder is read-only)
                    throw e;
                }
                return;
            }
        }
        Files.move(from, to); // no REPLACE_EXISTING: refuses an existing target
    }

    /**
     * Copies a file's bytes into a new file and forces them to disk.
     *
     * @param from the source
     * @param to the new file (must not exist)
     * @throws IOException on failure (the partial new file may remain; callers use temporary names)
     */
    default void copyNew(Path from, Path to) throws IOException {
        try (InputStream in = Files.newInputStream(from);
                FileChannel ch = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(ch);
            in.transferTo(out);
            out.flush();
            ch.force(true);
        }
        Files.setLastModifiedTime(to, Files.getLastModifiedTime(from));
    }

    /**
     * Deletes a file or an empty folder.
     *
     * @param p the path
     * @throws IOException on failure
     */
    default void delete(Path p) throws IOException {
        Files.delete(p);
    }

    /**
     * Creates a folder and any missing parents.
     *
     * @param dir the folder
     * @throws IOException on failure
     */
    default void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    /**
     * Whether a file and a folder are on the same file system (so a rename can move the file).
     *
     * @param file an existing file
     * @param dir an existing folder
     * @return true when one file system holds both
     * @throws IOException if either cannot be examined
     */
    default boolean sameFileSystem(Path file, Path dir) throws IOException {
        FileStore a = Files.getFileStore(file);
        FileStore b = Files.getFileStore(dir);
        return a.equals(b);
    }
}
