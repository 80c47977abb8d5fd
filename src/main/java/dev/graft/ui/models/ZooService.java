package dev.graft.ui.models;

import dev.graft.engine.download.DownloadControl;
import dev.graft.engine.download.DownloadProgress;
import dev.graft.engine.zoo.ZooBackbone;
import dev.graft.engine.zoo.ZooBackbones;
import dev.graft.engine.zoo.ZooDownloads;
import dev.graft.engine.zoo.ZooStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What the model browser needs of the model zoo (a seam for view-model tests; the app and the
 * tests both use {@link #of(ZooDownloads)}, the real downloader).
 */
public interface ZooService {

    /**
     * Status with a network check (slow: call off the UI thread).
     *
     * @param id catalogue id
     * @return the status, or null for an id that is not a zoo model
     */
    ZooStatus status(String id);

    /**
     * Downloads (blocking: call off the UI thread).
     *
     * @param id catalogue id
     * @param progress receives progress on the downloading thread
     * @param control cancels
     * @return the verified TorchScript file
     * @throws IOException with the reason
     */
    Path download(String id, Consumer<DownloadProgress> progress, DownloadControl control) throws IOException;

    /**
     * The real zoo.
     *
     * @param zoo the downloader
     * @return the service
     */
    static ZooService of(ZooDownloads zoo) {
        return new ZooService() {
            @Override
            public ZooStatus status(String id) {
                return ZooBackbones.find(id).map(zoo::status).orElse(null);
            }

            @Override
            public Path download(String id, Consumer<DownloadProgress> progress, DownloadControl control)
                    throws IOException {
                ZooBackbone b = ZooBackbones.find(id).orElseThrow(() -> new IOException(id + " is not a zoo model"));
                return zoo.download(b, progress, control);
            }
        };
    }
}
