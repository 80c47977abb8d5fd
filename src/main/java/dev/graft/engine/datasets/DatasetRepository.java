package dev.graft.engine.datasets;

import ai.djl.repository.RemoteRepository;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * DJL's {@link RemoteRepository}, unchanged but for where it keeps its files: a folder of Graft's
 * instead of DJL's global cache. Everything else is DJL's: reading {@code metadata.json} (kept for a
 * day), downloading each file into a temporary folder while its SHA-1 is computed, moving the
 * folder into place only when every file passed, and finding a prepared artifact's files for
 * basicdataset's classes. Graft uses two: one that downloads the archives as they are, one that
 * holds them unpacked (by Graft's checked extraction) for basicdataset to read.
 */
final class DatasetRepository extends RemoteRepository {

    private final Path cache;

    /**
     * A repository.
     *
     * @param url DJL's repository (or a mirror, or a test server)
     * @param cache the folder that takes the place of DJL's {@code cache/repo}
     */
    DatasetRepository(URI url, Path cache) {
        super("Graft datasets", url);
        this.cache = cache;
    }

    @Override
    public Path getCacheDirectory() throws IOException {
        Files.createDirectories(cache);
        return cache;
    }
}
