package dev.graft.core.labelling;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Carries out single steps so that running a step again, after a crash at any point inside it, is
 * always safe: each method first looks at the files to see how far the step got. A file is never
 * in neither place: a move between file systems copies to a temporary name, verifies the copy's
 * bytes, renames it, and only then deletes the original.
 */
final class StepRunner {

    /** Prefix of temporary files (hidden, so the scanner ignores them; cleaned up here). */
    static final String TEMP_PREFIX = ".graft-tmp-";

    private final FileOps ops;

    StepRunner(FileOps ops) {
        this.ops = ops;
    }

    /** Where a step's copy is written before it is verified and renamed. */
    static Path temporary(Path to, String opId, int index, boolean reverse) {
        return to.resolveSibling(TEMP_PREFIX + opId + "-" + index + (reverse ? "-r" : ""));
    }

    /**
     * Whether a step has fully happened, judged from the files.
     *
     * @param s the step
     * @return true when done
     */
    boolean done(Step s) {
        return switch (s.kind()) {
            case MOVE -> !exists(s.from()) && exists(s.to());
            case COPY -> exists(s.to()) && matches(s.to(), s);
            case MKDIR -> Files.isDirectory(s.to());
            case RMDIR -> !exists(s.to()) || !emptyDir(s.to());
        };
    }

    /**
     * Brings a step to its done state, from wherever an earlier attempt left it.
     *
     * @param opId the operation's id (names temporary files)
     * @param index the step's index
     * @param s the step
     * @throws IOException if it cannot be done; the files are then as before the step, or the
     *     source and a verified copy both exist
     */
    void apply(String opId, int index, Step s) throws IOException {
        switch (s.kind()) {
            case MOVE -> move(s.from(), s.to(), s, temporary(s.to(), opId, index, false));
            case COPY -> copy(s, temporary(s.to(), opId, index, false));
            case MKDIR -> ops.createDirectories(s.to());
            case RMDIR -> {
                if (exists(s.to())) {
                    try {
                        ops.delete(s.to());
                    } catch (DirectoryNotEmptyException e) {
                        // a folder that has files again is kept: never delete what is in it
                    }
                }
            }
        }
    }

    /**
     * Takes a step back to its not-done state (rolling back an operation that failed or was
     * interrupted). A copy is removed only when the original still holds the same bytes;
     * otherwise it is kept, and nothing is lost either way.
     *
     * @param opId the operation's id
     * @param index the step's index
     * @param s the step
     * @return a note when something was kept instead of undone, else null
     * @throws IOException if it cannot be taken back
     */
    String revert(String opId, int index, Step s) throws IOException {
        switch (s.kind()) {
            case MOVE -> {
                deleteQuietly(temporary(s.to(), opId, index, false));
                if (exists(s.to()) && !exists(s.from())) {
                    move(s.to(), s.from(), s, temporary(s.from(), opId, index, true));
                } else if (exists(s.to()) && exists(s.from()) && sameBytes(s.from(), s.to())) {
                    ops.delete(s.to()); // an interrupted copy: the original is intact
                }
                return null;
            }
            case COPY -> {
                deleteQuietly(temporary(s.to(), opId, index, false));
                if (exists(s.to())) {
                    if (exists(s.from()) && sameBytes(s.from(), s.to())) {
                        ops.delete(s.to());
                    } else {
                        return "kept " + s.to() + ": its original " + s.from() + " is gone or changed";
                    }
                }
                return null;
            }
            case MKDIR -> {
                if (Files.isDirectory(s.to(), LinkOption.NOFOLLOW_LINKS) && emptyDir(s.to())) {
                    ops.delete(s.to());
                }
                return null;
            }
            case RMDIR -> {
                ops.createDirectories(s.to());
                return null;
            }
            default -> throw new IllegalStateException(s.kind().toString());
        }
    }

    private void move(Path from, Path to, Step s, Path tmp) throws IOException {
        deleteQuietly(tmp); // a partial copy of an interrupted attempt
        boolean fromThere = exists(from);
        boolean toThere = exists(to);
        if (!fromThere && toThere) {
            return;
        }
        if (!fromThere) {
            throw new LabellingException(from + " is no longer there (moved or deleted outside Graft)");
        }
        if (toThere) {
            if (!Files.isDirectory(from) && sameBytes(from, to)) {
                ops.delete(from); // a copy was verified and renamed; only the delete was missing
                return;
            }
            throw new FileAlreadyExistsException(to.toString(), null, "exists; Graft never overwrites a file");
        }
        ops.createDirectories(to.getParent());
        if (ops.sameFileSystem(from, to.getParent())) {
            try {
                ops.rename(from, to);
                return;
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (IOException e) {
                if (Files.isDirectory(from) || !exists(from)) {
                    throw e;
                }
                // e.g. a bind mount that looks like one file system but refuses renames: copy instead
            }
        }
        if (Files.isDirectory(from)) {
            throw new LabellingException("Cannot move the folder " + from + " to another file system");
        }
        copyVerified(from, to, s.sha256(), tmp);
        ops.delete(from);
    }

    private void copy(Step s, Path tmp) throws IOException {
        deleteQuietly(tmp);
        if (exists(s.to())) {
            if (matches(s.to(), s)) {
                return;
            }
            throw new FileAlreadyExistsException(s.to().toString(), null, "exists; Graft never overwrites a file");
        }
        if (!exists(s.from())) {
            throw new LabellingException(s.from() + " is no longer there (moved or deleted outside Graft)");
        }
        ops.createDirectories(s.to().getParent());
        copyVerified(s.from(), s.to(), s.sha256(), tmp);
    }

    /** Copy to a temporary name, check every byte arrived, then give it its name. */
    private void copyVerified(Path from, Path to, String expected, Path tmp) throws IOException {
        String want = expected != null ? expected : Hashes.sha256(from);
        try {
            ops.copyNew(from, tmp);
            String got = Hashes.sha256(tmp);
            if (!got.equals(want)) {
                throw new LabellingException("The copy of " + from + " does not match the original (it changed"
                        + " while being copied, or the disk returned different bytes); the original is kept");
            }
            ops.rename(tmp, to);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private boolean matches(Path file, Step s) {
        try {
            return s.sha256() == null ? s.size() < 0 || Files.size(file) == s.size()
                    : Files.size(file) == s.size() && Hashes.sha256(file).equals(s.sha256());
        } catch (IOException e) {
            return false;
        }
    }

    static boolean sameBytes(Path a, Path b) {
        try {
            return Files.isSameFile(a, b) || Files.mismatch(a, b) == -1;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean emptyDir(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private void deleteQuietly(Path tmp) {
        try {
            if (exists(tmp)) {
                ops.delete(tmp);
            }
        } catch (IOException e) {
            // a leftover temporary file is hidden and harmless; the next attempt has another try
        }
    }
}
