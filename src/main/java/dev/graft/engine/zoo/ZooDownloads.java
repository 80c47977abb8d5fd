package dev.graft.engine.zoo;

import ai.djl.Application;
import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.zoo.Criteria;
import ai.djl.util.Utils;
import dev.graft.engine.download.DownloadControl;
import dev.graft.engine.download.DownloadLock;
import dev.graft.engine.download.DownloadMeter;
import dev.graft.engine.download.DownloadProgress;
import dev.graft.engine.download.RefusedMetadata;
import dev.graft.engine.download.Sizes;
import dev.graft.engine.download.TransferFailures;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Downloads zoo backbones through DJL's own machinery ({@link Criteria#downloadModel()}, which
 * resolves the artifact's {@link MRL} in a {@link ai.djl.repository.RemoteRepository}, reads its
 * {@code metadata.json}, streams each file into a temporary folder of DJL's cache while checking
 * the zoo's SHA-1, and moves the folder into place only when every file passed) and answers what
 * is cached. Around DJL it adds what a desktop app needs:
 *
 * <ul>
 *   <li>the metadata is checked before anything is fetched (plain file names, http(s) addresses,
 *       sizes within reason, a checksum for every file: the zoo's, else the one Graft recorded);
 *   <li>progress with speed and time left, and cancel ({@link DownloadMeter});
 *   <li>one download of an artifact at a time across processes (a lock file beside it), and the
 *       temporary folders a killed process left behind are removed before the next try;
 *   <li>after the download, the SHA-256 of every file is recorded and checked before each use,
 *       so a cached copy damaged later is noticed ({@link ZooIntegrity}).
 * </ul>
 *
 * Nothing here loads a class the zoo names: the metadata's {@code translatorFactory} and the like
 * are ignored; the TorchScript file is loaded by Graft's own {@code TorchScriptFile}.
 *
 * <p>This class decides what to do and checks the result; the metadata is checked by
 * {@link MetadataCheck}, the transfer through DJL is {@link ZooTransfer}'s, and the lock across
 * processes (with the clean-up of leftovers) is {@link DownloadLock}'s.
 */
public final class ZooDownloads {

    static {
        // java.net's defaults wait forever for a silent server; a download must fail instead
        defaultTimeout("sun.net.client.defaultConnectTimeout", "15000");
        defaultTimeout("sun.net.client.defaultReadTimeout", "60000");
    }

    private final ZooSettings settings;
    private GraftZoo zoo;

    /**
     * A downloader for a repository. Cheap: DJL's zoo machinery is set up on the first network
     * use, so listing what is cached costs the window's start nothing.
     *
     * @param settings repository and offline switch
     */
    public ZooDownloads(ZooSettings settings) {
        this.settings = settings;
    }

    private synchronized GraftZoo zoo() {
        if (zoo == null) {
            zoo = new GraftZoo(settings);
        }
        return zoo;
    }

    /** @return a downloader for the settings in force ({@link ZooSettings#current()}) */
    public static ZooDownloads current() {
        return new ZooDownloads(ZooSettings.current());
    }

    /** @return the settings */
    public ZooSettings settings() {
        return settings;
    }

    private static void defaultTimeout(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private MRL mrl(ZooBackbone b) {
        return zoo().getModelLoader(b.artifactId()).getMrl();
    }

    /** The artifact's path in the repository, as DJL's {@code MRL.toURI()} makes it. */
    private static String mrlPath(ZooBackbone b) {
        return "model/" + Application.CV.IMAGE_CLASSIFICATION.getPath() + "/"
                + ZooBackbones.GROUP_ID.replace('.', '/') + "/" + b.artifactId() + "/";
    }

    /**
     * The folder DJL keeps an artifact in: {@code <DJL cache>/cache/repo/<mrl>/<version>/<name>}.
     *
     * @param b the backbone
     * @return the folder (it may not exist)
     * @throws IOException if DJL's cache folder cannot be created
     */
    public Path directory(ZooBackbone b) throws IOException {
        // AbstractRepository.getCacheDirectory() + Artifact.getResourceUri(), without creating folders
        return Utils.getCacheDir().resolve("cache/repo").resolve(mrlPath(b)).resolve(ZooBackbones.VERSION)
                .resolve(b.artifactName());
    }

    private URI metadataUrl(ZooBackbone b) {
        return settings.repositoryUrl().resolve(mrlPath(b));
    }

    /**
     * What is known without the network: cached (and intact at a glance), corrupt, or missing.
     *
     * @param b the backbone
     * @return the status; a missing model is {@code NOT_DOWNLOADED}, or {@code UNAVAILABLE_OFFLINE}
     *     when Graft is offline
     */
    public ZooStatus localStatus(ZooBackbone b) {
        Path dir;
        try {
            dir = directory(b);
        } catch (IOException e) {
            return new ZooStatus(ZooStatus.State.UNAVAILABLE_OFFLINE, null, b.recordedBytes(),
                    "DJL's cache folder is unusable: " + e.getMessage());
        }
        if (Files.isDirectory(dir)) {
            String problem = ZooIntegrity.quickProblem(dir);
            return problem == null ? new ZooStatus(ZooStatus.State.CACHED, dir, 0, "in DJL's cache: " + dir)
                    : new ZooStatus(ZooStatus.State.CORRUPT, dir, b.recordedBytes(), "the cached copy in " + dir
                            + " is damaged (" + problem + "); download it again");
        }
        String missing = missing(b);
        return settings.offline()
                ? new ZooStatus(ZooStatus.State.UNAVAILABLE_OFFLINE, dir, b.recordedBytes(), "Graft is offline"
                        + " (graft.offline / DJL_OFFLINE); " + missing)
                : new ZooStatus(ZooStatus.State.NOT_DOWNLOADED, dir, b.recordedBytes(), missing);
    }

    /**
     * The local status, and for a missing model whether the repository can be reached now (it
     * reads the artifact's metadata through DJL, which caches it for a day).
     *
     * @param b the backbone
     * @return the status
     */
    public ZooStatus status(ZooBackbone b) {
        ZooStatus local = localStatus(b);
        if (local.state() != ZooStatus.State.NOT_DOWNLOADED) {
            return local;
        }
        try {
            Artifact a = checkedArtifact(b);
            long bytes = a.getFiles().values().stream().mapToLong(Artifact.Item::getSize).sum();
            return new ZooStatus(ZooStatus.State.DOWNLOADABLE, local.directory(), bytes, "download "
                    + Sizes.format(bytes) + " (" + describeItems(a) + ") from " + metadataUrl(b));
        } catch (RefusedMetadata e) {
            return new ZooStatus(ZooStatus.State.UNAVAILABLE, local.directory(), b.recordedBytes(),
                    "the model zoo at " + settings.repositoryUrl() + " answered, but " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new ZooStatus(ZooStatus.State.UNAVAILABLE_OFFLINE, local.directory(), b.recordedBytes(),
                    "cannot reach the model zoo at " + settings.repositoryUrl() + " (" + TransferFailures.reason(e) + "); "
                            + local.detail());
        }
    }

    /**
     * The verified TorchScript file of a cached backbone, for training and inspection.
     *
     * @param b the backbone
     * @return the .pt file inside DJL's cache
     * @throws IOException if it is not downloaded or its files no longer match their record, with
     *     what to do
     */
    public Path torchScriptFile(ZooBackbone b) throws IOException {
        Path dir = directory(b);
        if (!Files.isDirectory(dir)) {
            // (training processes run offline by design: the reason for a missing model is that it
            // was never downloaded, not their offline switch)
            throw new IOException("Model '" + b.id() + "' is not downloaded (" + missing(b)
                    + "). Download it first: graft download " + b.id() + " (or the Download button of the"
                    + " model's card).");
        }
        String problem = ZooIntegrity.fullProblem(dir);
        if (problem != null) {
            throw new IOException("The cached copy of '" + b.id() + "' in " + dir + " is damaged: " + problem
                    + ". Download it again: graft download " + b.id());
        }
        return ZooIntegrity.torchScript(dir);
    }

    /**
     * Downloads a backbone into DJL's cache (or checks the copy already there).
     *
     * @param b the backbone
     * @param listener receives progress (on the downloading thread)
     * @param control cancels the download
     * @return the verified TorchScript file
     * @throws IOException if the download fails or is refused, with the reason; nothing partial
     *     is left behind
     * @throws CancellationException if cancelled; nothing partial is left behind
     */
    public Path download(ZooBackbone b, Consumer<DownloadProgress> listener, DownloadControl control)
            throws IOException {
        Path dir = directory(b);
        Files.createDirectories(dir.getParent());
        try (DownloadLock lock = DownloadLock.acquire(dir, "'" + b.id() + "'")) {
            lock.removeLeftovers();
            if (Files.isDirectory(dir)) {
                String problem = ZooIntegrity.fullProblem(dir);
                if (problem == null) {
                    listener.accept(new DownloadProgress(b.id(), 0, 0, 0, 0, true));
                    return ZooIntegrity.torchScript(dir);
                }
                // a damaged copy in DJL's cache (Graft's own download): replace it
                Utils.deleteQuietly(dir);
                Files.deleteIfExists(ZooIntegrity.manifest(dir));
            }
            if (settings.offline()) {
                throw new IOException("Graft is offline (graft.offline / DJL_OFFLINE), so '" + b.id()
                        + "' cannot be downloaded; " + localStatus(b).detail());
            }
            Artifact artifact;
            try {
                artifact = checkedArtifact(b);
            } catch (IOException e) {
                throw new IOException("Cannot read the model zoo's metadata for '" + b.id() + "' at "
                        + metadataUrl(b) + ": " + TransferFailures.reason(e), e);
            }
            long bytes = artifact.getFiles().values().stream().mapToLong(Artifact.Item::getSize).sum();
            // archives and .gz files are unpacked while they stream: room for twice the download
            TransferFailures.requireSpace(dir.getParent(), 2 * bytes, "set DJL_CACHE_DIR to a larger disk");
            DownloadMeter meter = new DownloadMeter(b.id(), listener, control, System::nanoTime);
            ZooTransfer.fetch(zoo(), b, meter, bytes, lock);
            if (!Files.isDirectory(dir)) {
                throw new IOException("DJL finished the download of '" + b.id() + "' but " + dir
                        + " is not there (could not move it into its cache?)");
            }
            try {
                ZooIntegrity.torchScript(dir);
                ZooIntegrity.record(dir);
            } catch (IOException e) {
                Utils.deleteQuietly(dir);
                throw new IOException("The download of '" + b.id() + "' is not a usable backbone: " + e.getMessage()
                        + ". It was removed from DJL's cache.", e);
            }
            meter.finish();
            return ZooIntegrity.torchScript(dir);
        }
    }

    /**
     * Resolves the backbone's artifact from the repository's metadata and checks it before DJL
     * acts on it: the metadata comes from the network and names files DJL will write.
     */
    private Artifact checkedArtifact(ZooBackbone b) throws IOException {
        return MetadataCheck.check(mrl(b).match(b.filter()), b, metadataUrl(b));
    }

    private String missing(ZooBackbone b) {
        return "missing: " + describeFiles(b) + " from " + metadataUrl(b);
    }

    private String describeFiles(ZooBackbone b) {
        List<String> parts = new ArrayList<>();
        for (ZooBackbone.RecordedFile f : b.files()) {
            parts.add(f.name() + " (" + Sizes.format(f.size()) + ")");
        }
        return String.join(", ", parts);
    }

    private static String describeItems(Artifact a) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Artifact.Item> e : a.getFiles().entrySet()) {
            String uri = e.getValue().getUri();
            parts.add(uri.substring(uri.lastIndexOf('/') + 1));
        }
        return String.join(", ", parts);
    }
}
