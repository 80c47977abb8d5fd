package dev.graft.engine.datasets;

import java.io.IOException;

/**
 * A downloaded archive that Graft will not unpack: damaged, or hostile (entries leading outside
 * their folder, links, devices, a decompression bomb). A type of its own because such an archive
 * is deleted, where a failure of the disk keeps the download for the next try.
 */
final class ArchiveRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    ArchiveRefusedException(String message) {
        super(message);
    }

    ArchiveRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
