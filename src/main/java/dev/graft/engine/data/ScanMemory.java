package dev.graft.engine.data;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What earlier scans learnt about files that have not changed since, so that a rescan after a
 * small change (a labelling operation, a file manager) decodes only the files that are new or
 * changed. A file is known by its identity on disk (the inode where the system has one, so that an
 * image moved to another class is still known; else its path), its size and its modification time.
 * Safe to share between a scan's threads; a scan forgets the files it no longer found.
 *
 * @param <T> what an inspector kept about each usable image
 */
public final class ScanMemory<T> {

    /** A file as a scan found it. */
    record Key(Object id, long size, long modified) {
        static Key of(Path file, BasicFileAttributes attrs) {
            Object id = attrs.fileKey() != null ? attrs.fileKey() : file.toAbsolutePath().normalize();
            return new Key(id, attrs.size(), attrs.lastModifiedTime().toMillis());
        }
    }

    /**
     * What a scan found about a file.
     *
     * @param side the image's shorter side, or -1 when it is unusable
     * @param reason why it is unusable, or null
     * @param kept what the inspector kept about a usable image, or null
     */
    record Known<T>(int side, String reason, T kept) {}

    private final Map<Key, Known<T>> known = new ConcurrentHashMap<>();

    Known<T> get(Key key) {
        return key == null ? null : known.get(key);
    }

    void put(Key key, Known<T> what) {
        if (key != null) {
            known.put(key, what);
        }
    }

    /** Forgets every file but these (the ones the latest scan found). */
    void keepOnly(Set<Key> found) {
        known.keySet().retainAll(found);
    }

    /** @return how many files are remembered */
    public int size() {
        return known.size();
    }
}
