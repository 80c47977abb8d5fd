package dev.graft.core.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;

/**
 * Taking a lock file without waiting, whoever holds it: another process (the lock is refused) or
 * this one (Java throws instead). One place for that difference, so that every "is someone else
 * doing this right now?" check in Graft treats both the same.
 */
public final class FileLocks {

    private FileLocks() {}

    /**
     * Tries to lock a file.
     *
     * @param channel the open lock file
     * @return the lock, or null when another process or this one holds it
     * @throws IOException if the file cannot be locked at all
     */
    public static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }
}
