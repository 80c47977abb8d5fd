package dev.graft.core.labelling;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How labelling sees the files of a dataset: which files count (hidden ones, like the trash and
 * temporary files, never do), where a path really is once links are resolved, which name in a
 * folder is free, and a file's size or hash when it can be read. These are the rules every planner
 * of {@link Labeller} shares, so they live here once rather than in each planner; nothing here
 * changes a file.
 */
final class DatasetFiles {

    /**
     * The dataset's trash folder: hidden, so that neither the scanner nor labelling lists it; Graft
     * never deletes anything in it.
     */
    static final String TRASH = ".graft-trash";

    private DatasetFiles() {}

    /**
     * The files of a folder and below, hidden ones left out.
     *
     * @param dir the folder
     * @return the files, sorted; none when the folder does not exist
     * @throws IOException if the folder cannot be read
     */
    static List<Path> filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        walk(dir, out::add);
        out.sort(null);
        return out;
    }

    /** Every non-hidden regular file below a folder (hidden folders, like the trash, are skipped). */
    static void walk(Path dir, Consumer<Path> out) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                return !d.equals(dir) && hidden(d) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                if (!hidden(f) && attrs.isRegularFile()) {
                    out.accept(f);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static boolean hidden(Path p) {
        return p.getFileName() != null && p.getFileName().toString().startsWith(".");
    }

    /** A name in a folder that exists neither on disk nor among names planned in this operation. */
    static Path freeName(Path dir, String name, Set<String> taken) {
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        Path candidate = dir.resolve(name);
        for (int i = 2; StepRunner.exists(candidate) || taken.contains(key(candidate)); i++) {
            candidate = dir.resolve(stem + " (" + i + ")" + ext);
        }
        taken.add(key(candidate));
        return candidate;
    }

    /** Names compared without case: two new files must not differ only in case (Windows, macOS). */
    static String key(Path p) {
        return p.toString().toLowerCase(Locale.ROOT);
    }

    static String hashOrNull(Path p) {
        try {
            return Hashes.sha256(p);
        } catch (IOException e) {
            return null;
        }
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The path with links in its existing part resolved (so a dataset reached by a link is one place). */
    static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        try {
            return abs.toRealPath();
        } catch (IOException e) {
            Path parent = abs.getParent();
            return parent == null ? abs : canonical(parent).resolve(abs.getFileName());
        }
    }

    /** A file's path with its folder's links resolved (the file itself may be a link; it is moved as one). */
    static Path canonicalParent(Path f) {
        Path abs = f.toAbsolutePath().normalize();
        return abs.getParent() == null ? abs : canonical(abs.getParent()).resolve(abs.getFileName());
    }
}
