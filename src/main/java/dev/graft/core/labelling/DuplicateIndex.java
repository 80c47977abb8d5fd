package dev.graft.core.labelling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds whether a dataset already holds a dropped file's bytes, without hashing the whole dataset
 * on every drop: only files of the same size are hashed, and their hashes are remembered as of
 * each file's size and time. It is separate from the planning of a drop because it is the one
 * part of a {@link Labeller} that keeps state between operations (the cache), and the one that
 * reads the dataset's bytes rather than its names.
 */
final class DuplicateIndex {

    private final Path root;
    private final Map<Path, Known> hashes = new HashMap<>();

    /** A file's hash as of its size and time. */
    private record Known(long size, long modified, String sha256) {}

    /**
     * An index over a dataset.
     *
     * @param root the dataset folder
     */
    DuplicateIndex(Path root) {
        this.root = root;
    }

    /** Sizes of every file in the dataset (for finding duplicates without hashing everything). */
    Map<Long, List<Path>> sizesInDataset() {
        Map<Long, List<Path>> out = new HashMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try {
            DatasetFiles.walk(root, f -> out.computeIfAbsent(DatasetFiles.size(f), k -> new ArrayList<>()).add(f));
        } catch (IOException e) {
            // an unreadable corner of the dataset: duplicates there are not found
        }
        return out;
    }

    /**
     * The file among some of the same size that has these bytes.
     *
     * @param sameSize files of the dataset with the dropped file's size, or null
     * @param sha the dropped file's SHA-256
     * @return the file with the same bytes, or null
     */
    Path existingWith(List<Path> sameSize, String sha) {
        if (sameSize == null) {
            return null;
        }
        for (Path p : sameSize) {
            String h = cachedHash(p);
            if (sha.equals(h)) {
                return p;
            }
        }
        return null;
    }

    private String cachedHash(Path p) {
        try {
            long size = Files.size(p);
            long modified = Files.getLastModifiedTime(p).toMillis();
            Known k = hashes.get(p);
            if (k != null && k.size() == size && k.modified() == modified) {
                return k.sha256();
            }
            String sha = Hashes.sha256(p);
            hashes.put(p, new Known(size, modified, sha));
            return sha;
        } catch (IOException e) {
            return null;
        }
    }
}
