package dev.graft.engine.export;

import dev.graft.core.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The folder an export goes to: it must not exist or be empty, nothing in it is ever replaced. The
 * export is written into a temporary sibling and renamed into place, so nobody sees half an
 * export, and a failed export leaves nothing behind.
 */
final class ExportTarget {

    private ExportTarget() {}

    /** Refuses a target that exists and is not an empty folder. */
    static void requireNewOrEmpty(Path target) throws ExportException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ExportException(target + " exists and is not a folder; choose a new or empty folder"
                    + " (nothing was written).", true, null);
        }
        if (!isEmpty(target)) {
            throw new ExportException(target + " is not empty; choose a new or empty folder. Graft never"
                    + " overwrites files (nothing was written).", true, null);
        }
    }

    /** A new temporary folder beside the target (the target's parent is created if needed). */
    static Path temporaryFolder(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return Files.createDirectory(AtomicFiles.temporaryFor(target));
    }

    /**
     * Renames the finished export into place. On POSIX, {@code rename} replaces only an empty
     * folder; elsewhere an empty target is removed first ({@code delete} fails on a folder that is
     * not empty, so nothing of the user's can go).
     */
    static void moveIntoPlace(Path tmp, Path target) throws ExportException, IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        } catch (IOException first) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) || !isEmpty(target)) {
                throw new ExportException(target + " was filled while the export was written; nothing was"
                        + " replaced. Choose a new or empty folder.", true, first);
            }
        }
        Files.delete(target);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes a temporary folder this export made (never anything else). */
    static void deleteTemporary(Path tmp) {
        if (tmp == null || !AtomicFiles.isTemporary(tmp.getFileName().toString()) || !Files.exists(tmp)) {
            return;
        }
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // left for RunFolder-style cleanup; it is a Graft temporary, named as such
        }
    }

    private static boolean isEmpty(Path dir) throws ExportException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new ExportException("Cannot read " + dir + ": " + e.getMessage(), true, e);
        }
    }
}
