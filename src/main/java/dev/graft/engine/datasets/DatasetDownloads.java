package dev.graft.engine.datasets;

import ai.djl.Application;
import ai.djl.basicdataset.BasicDatasets;
import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.Metadata;
import ai.djl.util.JsonUtils;
import ai.djl.util.Utils;
import dev.graft.core.data.DatasetInfo;
import dev.graft.core.util.AtomicFiles;
import dev.graft.engine.download.ArtifactCheck;
import dev.graft.engine.download.DownloadControl;
import dev.graft.engine.download.DownloadLock;
import dev.graft.engine.download.DownloadMeter;
import dev.graft.engine.download.RefusedMetadata;
import dev.graft.engine.download.Sizes;
import dev.graft.engine.download.TransferFailures;
import dev.graft.engine.zoo.ZooSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fetches DJL's datasets into Graft's data folder and answers what is there. A fetch has three
 * steps, each finished atomically so that an interruption at any point leaves either nothing or a
 * step to continue from, and never a half-written dataset:
 *
 * <ol>
 *   <li><b>download</b>: DJL's {@link ai.djl.repository.RemoteRepository} reads the artifact's
 *       {@code metadata.json} (checked by Graft before use) and downloads its files into a
 *       temporary folder with Graft's progress meter (speed, time left, cancel), checks each
 *       file's SHA-1 and moves the folder into place. Graft asks for the files as they are, not
 *       unpacked: DJL 0.36 unpacks while it streams, before the SHA-1 check, without a bound;
 *   <li><b>unpack</b>: {@link ArchiveUnpacker} builds the layout DJL's repository would have built,
 *       with every entry checked, in a temporary folder renamed into place when complete;
 *   <li><b>write</b>: basicdataset's own class ({@code Cifar10}, {@code FashionMnist},
 *       {@code FruitsFreshAndRotten}) is prepared on that repository and read, and
 *       {@link ClassFolderWriter} writes its images as class folders into a temporary folder,
 *       renamed to {@code <data folder>/datasets/<id>} when both splits are complete.
 * </ol>
 *
 * Then the download and the unpacked files are deleted. One fetch of a set at a time across
 * processes (a lock file); what a killed fetch left (DJL's temporary folder, Graft's temporary
 * folders) is removed under that lock by the next fetch, and a download that was complete is
 * unpacked and written without the network. A fetched set is never changed or deleted again:
 * it is an ordinary folder the user may relabel.
 */
public final class DatasetDownloads {

    /** Folder (inside the data root) of the repository caches; hidden, so no listing shows it. */
    static final String REPOSITORY = ".repository";
    /** File beside the fetched set's splits that says what it is, for people browsing the folder. */
    static final String ABOUT = "ABOUT.txt";
    /** Unpacked archives may be this many times the download, plus {@link #UNPACK_SLACK}. */
    static final int UNPACK_RATIO = 4;
    static final long UNPACK_SLACK = 16L << 20;

    private final ZooSettings settings;
    private final Path root;
    private final Path bundled;
    private final LongSupplier clock;

    /**
     * A downloader.
     *
     * @param settings DJL's repository and whether Graft may use the network
     * @param root where fetched sets go ({@link SampleDatasets#dataRoot()})
     * @param bundled the folder of the bundled samples ({@link SampleDatasets#bundledRoot()})
     */
    public DatasetDownloads(ZooSettings settings, Path root, Path bundled) {
        this.settings = settings;
        this.root = root.toAbsolutePath().normalize();
        this.bundled = bundled.toAbsolutePath().normalize();
        this.clock = System::nanoTime;
    }

    /** @return a downloader for the settings and folders in force */
    public static DatasetDownloads current() {
        return new DatasetDownloads(ZooSettings.current(), SampleDatasets.dataRoot(), SampleDatasets.bundledRoot());
    }

    /** @return where fetched sets go */
    public Path root() {
        return root;
    }

    /** @return DJL's repository in use */
    public URI repositoryUrl() {
        return settings.repositoryUrl();
    }

    /**
     * The folder that holds a set's splits.
     *
     * @param d the set
     * @return {@code <data folder>/datasets/<id>}, or the bundled samples' folder
     */
    public Path folder(SampleDataset d) {
        return d.bundled() ? bundled : root.resolve(d.id());
    }

    /** The artifact's path in the repository, as DJL's {@code MRL.toURI()} makes it. */
    static String mrlPath(SampleDataset d) {
        return "dataset/" + Application.CV.ANY.getPath() + "/" + BasicDatasets.GROUP_ID.replace('.', '/') + "/"
                + d.artifactId();
    }

    private Path archivesCache() {
        return root.resolve(REPOSITORY).resolve("archives");
    }

    private Path unpackedCache() {
        return root.resolve(REPOSITORY).resolve("unpacked");
    }

    /** Where DJL's repository keeps the downloaded files (an artifact without a name: version only). */
    Path archiveDir(SampleDataset d) {
        return archivesCache().resolve(mrlPath(d)).resolve(SampleDatasets.VERSION);
    }

    /** Where the unpacked files are, in the layout basicdataset reads. */
    Path unpackedDir(SampleDataset d) {
        return unpackedCache().resolve(mrlPath(d)).resolve(SampleDatasets.VERSION);
    }

    private URI metadataUrl(SampleDataset d) {
        return settings.repositoryUrl().resolve(mrlPath(d) + "/metadata.json");
    }

    /**
     * What is known without the network.
     *
     * @param d the set
     * @return ready, partly fetched, not fetched (or unavailable offline), or unavailable
     */
    public SampleStatus localStatus(SampleDataset d) {
        Path folder = folder(d);
        Path train = folder.resolve(d.trainFolder());
        Path test = folder.resolve(d.testFolder());
        if (d.bundled() || Files.exists(folder)) {
            List<String> missing = new ArrayList<>();
            for (Path p : List.of(train, test)) {
                if (!Files.isDirectory(p)) {
                    missing.add(p.getFileName().toString());
                }
            }
            if (missing.isEmpty()) {
                return new SampleStatus(SampleStatus.State.READY, train, test, 0, null, (d.bundled() ? "bundled"
                        : "fetched") + " in " + folder);
            }
            return new SampleStatus(SampleStatus.State.UNAVAILABLE, train, test, 0, null, d.bundled()
                    ? "the bundled sample is not where Graft looks (" + folder + ", -D" + SampleDatasets.SAMPLES_PROPERTY
                            + "): " + String.join(" and ", missing) + " missing"
                    : folder + " lacks " + String.join(" and ", missing) + ". Graft never changes a fetched set"
                            + " (you may have relabelled it): remove the folder yourself to fetch it again");
        }
        if (Files.isDirectory(unpackedDir(d)) || Files.isDirectory(archiveDir(d))) {
            return new SampleStatus(SampleStatus.State.PARTLY_FETCHED, train, test, 0, null, "downloaded ("
                    + Sizes.format(size(archiveDir(d))) + " in " + root.resolve(REPOSITORY) + ") but not yet written"
                    + " as class folders: fetching it again finishes without the network");
        }
        String missing = missing(d);
        return settings.offline()
                ? new SampleStatus(SampleStatus.State.UNAVAILABLE_OFFLINE, train, test, d.downloadBytes(), null,
                        "Graft is offline (graft.offline / GRAFT_OFFLINE, or DJL_OFFLINE); " + missing)
                : new SampleStatus(SampleStatus.State.NOT_FETCHED, train, test, d.downloadBytes(), null, missing);
    }

    /**
     * The local status, and for a set that is not fetched whether DJL's repository can be reached
     * now (it reads the artifact's metadata, which DJL keeps for a day).
     *
     * @param d the set
     * @return the status
     */
    public SampleStatus status(SampleDataset d) {
        SampleStatus local = localStatus(d);
        if (local.state() != SampleStatus.State.NOT_FETCHED) {
            return local;
        }
        try {
            Artifact a = checkedArtifact(d, archives());
            long bytes = a.getFiles().values().stream().mapToLong(Artifact.Item::getSize).sum();
            return new SampleStatus(SampleStatus.State.DOWNLOADABLE, local.trainFolder(), local.testFolder(), bytes,
                    licence(a), "download " + Sizes.format(bytes) + " (" + describeItems(a) + ") from "
                            + metadataUrl(d).resolve("."));
        } catch (RefusedMetadata e) {
            return new SampleStatus(SampleStatus.State.UNAVAILABLE, local.trainFolder(), local.testFolder(),
                    d.downloadBytes(), null, "DJL's repository at " + settings.repositoryUrl() + " answered, but "
                            + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new SampleStatus(SampleStatus.State.UNAVAILABLE_OFFLINE, local.trainFolder(), local.testFolder(),
                    d.downloadBytes(), null, "cannot reach DJL's repository at " + settings.repositoryUrl() + " ("
                            + TransferFailures.reason(e) + "); " + local.detail());
        }
    }

    /**
     * Fetches a set (or finds it fetched) and returns its training folder.
     *
     * @param d the set
     * @param listener receives progress (on the calling thread)
     * @param control cancels
     * @return the training split's folder
     * @throws IOException if it cannot be fetched, with the reason; no half-written set is left
     * @throws CancellationException if cancelled; no half-written set is left
     */
    public Path fetch(SampleDataset d, Consumer<FetchProgress> listener, DownloadControl control) throws IOException {
        SampleStatus local = localStatus(d);
        if (local.ready()) {
            listener.accept(new FetchProgress(d.id(), FetchProgress.Stage.DONE, 0, 0, 0, 0, local.detail()));
            return local.trainFolder();
        }
        if (d.bundled() || local.state() == SampleStatus.State.UNAVAILABLE) {
            throw new IOException(d.title() + " cannot be fetched: " + local.detail());
        }
        Path target = folder(d);
        Files.createDirectories(root);
        try (DownloadLock lock = DownloadLock.acquire(target, "'" + d.title() + "'")) {
            removeStaging(d);
            if (Files.exists(target)) { // finished by another process just before the lock was taken
                return fetch(d, listener, control);
            }
            DatasetRepository archives = archives();
            DatasetRepository unpacked = new DatasetRepository(settings.repositoryUrl(), unpackedCache());
            Path archiveDir = archiveDir(d);
            Path unpackedDir = unpackedDir(d);
            lock.removeLeftovers(archiveDir);
            if (!Files.isDirectory(unpackedDir)) {
                if (!Files.isDirectory(archiveDir) && settings.offline()) {
                    throw new IOException("Graft is offline (graft.offline / GRAFT_OFFLINE, or DJL_OFFLINE), so "
                            + d.title() + " cannot be downloaded; " + missing(d));
                }
                Artifact artifact;
                try {
                    artifact = checkedArtifact(d, archives);
                } catch (IOException e) {
                    throw new IOException("Cannot read the metadata of " + d.title() + " at " + metadataUrl(d) + ": "
                            + TransferFailures.reason(e), e);
                }
                if (!Files.isDirectory(archiveDir)) {
                    download(d, archives, artifact, lock, listener, control);
                }
                unpack(d, artifact, archiveDir, unpackedDir, listener, control);
                copyMetadata(d);
            }
            Path staging = AtomicFiles.temporaryFor(target);
            try {
                int[] counts = new ClassFolderWriter(d, unpacked, listener, control, clock).write(staging);
                AtomicFiles.writeString(staging.resolve(ABOUT), about(d, counts));
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                // DJL's readers fail with runtime errors on files of the wrong length or shape: such
                // files would fail again, so they go, and the next fetch downloads anew
                Utils.deleteQuietly(unpackedDir);
                Utils.deleteQuietly(archiveDir);
                throw new IOException("DJL's " + d.djlClass() + " could not read the downloaded " + d.title() + " ("
                        + TransferFailures.reason(e) + "): the files are not the set Graft expects. They were"
                        + " deleted; nothing was written.", e);
            } finally {
                Utils.deleteQuietly(staging);
            }
            // the class folders are the set now: the download and its unpacked copy go
            Utils.deleteQuietly(unpackedDir);
            Utils.deleteQuietly(archiveDir);
            SampleStatus done = localStatus(d);
            listener.accept(new FetchProgress(d.id(), FetchProgress.Stage.DONE, 0, 0, 0, 0, done.detail()));
            return done.trainFolder();
        }
    }

    private DatasetRepository archives() {
        return new DatasetRepository(settings.repositoryUrl(), archivesCache());
    }

    /** The artifact basicdataset asks for, from the repository's metadata, checked before use. */
    private Artifact checkedArtifact(SampleDataset d, DatasetRepository repo) throws IOException {
        MRL mrl = repo.dataset(Application.CV.ANY, BasicDatasets.GROUP_ID, d.artifactId(), SampleDatasets.VERSION);
        Artifact a = mrl.getDefaultArtifact();
        if (a == null) {
            throw new RefusedMetadata("its metadata at " + metadataUrl(d) + " has no version " + SampleDatasets.VERSION
                    + " of " + d.artifactId());
        }
        ArtifactCheck.checkFiles(a, d.artifactId(), file -> {
            String[] recorded = d.recordedFiles().get(file);
            return recorded == null ? null : recorded[1];
        });
        for (String key : expectedKeys(d)) {
            if (!a.getFiles().containsKey(key)) {
                throw new RefusedMetadata("the metadata of " + d.artifactId() + " has no file '" + key + "', which"
                        + " basicdataset reads; it lists " + a.getFiles().keySet());
            }
        }
        for (String key : a.getFiles().keySet()) {
            if (!ArtifactCheck.plainName(key, false)) {
                throw new RefusedMetadata("the metadata names a file '" + key + "' that is not a plain name");
            }
        }
        if (a.getName() != null && !a.getName().isEmpty()) {
            throw new RefusedMetadata("the metadata gives " + d.artifactId() + " the artifact name '" + a.getName()
                    + "'; basicdataset's sets have none");
        }
        return a;
    }

    private static List<String> expectedKeys(SampleDataset d) {
        return switch (d.kind()) {
            case CIFAR10 -> List.of("data_batch.bin", "test_batch.bin");
            case FASHION_MNIST -> List.of("train_data", "train_labels", "test_data", "test_labels");
            case FRUITS -> List.of("train", "test");
            case BUNDLED -> List.of();
        };
    }

    /**
     * Downloads the artifact's files as they are (no unpacking by DJL) through DJL's repository,
     * which checks each file's SHA-1 and moves the folder into place only when all passed.
     */
    private void download(SampleDataset d, DatasetRepository archives, Artifact artifact, DownloadLock lock,
            Consumer<FetchProgress> listener, DownloadControl control) throws IOException {
        Artifact raw = asDownloaded(artifact);
        Path dir = archives.getResourceDirectory(raw);
        if (!dir.equals(archiveDir(d))) {
            throw new IllegalStateException("DJL keeps " + d.artifactId() + " in " + dir + ", not " + archiveDir(d));
        }
        long bytes = raw.getFiles().values().stream().mapToLong(Artifact.Item::getSize).sum();
        Files.createDirectories(dir.getParent());
        // the download, its unpacked copy and the written images
        TransferFailures.requireSpace(dir.getParent(), bytes * 3 + (64L << 20), "set " + dev.graft.core.run
                .RunLocations.DATA_HOME_ENV + " to a folder on a larger disk");
        DownloadMeter meter = new DownloadMeter(d.id(), p -> listener.accept(new FetchProgress(d.id(),
                FetchProgress.Stage.DOWNLOADING, p.bytes(), p.totalBytes(), p.bytesPerSecond(), p.etaSeconds(),
                Sizes.format(p.totalBytes()))), control, clock);
        try {
            archives.prepare(raw, meter);
        } catch (CancellationException e) {
            throw new CancellationException("Download of " + d.title() + " cancelled; nothing was kept.");
        } catch (IOException | RuntimeException e) {
            throw new IOException("Download of " + d.title() + " failed after " + Sizes.format(meter.bytes()) + " of "
                    + Sizes.format(bytes) + ": " + TransferFailures.reason(e) + ". Nothing partial was kept; try again.",
                    e);
        } finally {
            lock.removeLeftovers(dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("DJL finished the download of " + d.title() + " but " + dir + " is not there");
        }
        meter.finish();
    }

    /**
     * The artifact as it should be downloaded: every file saved under its key exactly as the
     * server sends it (type "file", no extension DJL would unpack), with the metadata's address,
     * size and SHA-1.
     */
    static Artifact asDownloaded(Artifact a) {
        Artifact raw = new Artifact();
        raw.setVersion(a.getVersion());
        raw.setMetadata(a.getMetadata());
        Map<String, Artifact.Item> files = new LinkedHashMap<>();
        for (Map.Entry<String, Artifact.Item> e : a.getFiles().entrySet()) {
            Artifact.Item item = new Artifact.Item();
            item.setUri(e.getValue().getUri());
            item.setSha1Hash(e.getValue().getSha1Hash());
            item.setSize(e.getValue().getSize());
            item.setName(e.getKey());
            item.setType("file");
            item.setExtension("");
            files.put(e.getKey(), item);
        }
        raw.setFiles(files);
        return raw;
    }

    private void unpack(SampleDataset d, Artifact artifact, Path archiveDir, Path unpackedDir,
            Consumer<FetchProgress> listener, DownloadControl control) throws IOException {
        long bytes = size(archiveDir);
        long limit = UNPACK_RATIO * bytes + UNPACK_SLACK;
        Path staging = AtomicFiles.temporaryFor(unpackedDir);
        long[] last = {0};
        ArchiveUnpacker unpacker = new ArchiveUnpacker(limit, control, read -> {
            long now = clock.getAsLong();
            if (now - last[0] > 100_000_000L) {
                last[0] = now;
                listener.accept(new FetchProgress(d.id(), FetchProgress.Stage.UNPACKING, read, bytes, 0, -1,
                        Sizes.format(bytes)));
            }
        });
        try {
            Files.createDirectories(staging);
            for (Map.Entry<String, Artifact.Item> e : artifact.getFiles().entrySet()) {
                Path file = archiveDir.resolve(e.getKey());
                if (!Files.isRegularFile(file)) {
                    throw new ArchiveRefusedException("the download lacks " + e.getKey());
                }
                unpacker.unpackItem(file, e.getValue(), staging);
            }
            Files.move(staging, unpackedDir, StandardCopyOption.ATOMIC_MOVE);
        } catch (ArchiveRefusedException e) {
            // a refused archive would be refused again: it goes, and the next fetch downloads anew
            Utils.deleteQuietly(archiveDir);
            throw new IOException("The download of " + d.title() + " was refused and deleted: " + e.getMessage()
                    + ". Nothing was written outside Graft's temporary folder, and it was removed.", e);
        } finally {
            Utils.deleteQuietly(staging);
        }
    }

    /**
     * basicdataset reads the artifact through the repository of the unpacked files, which must
     * find the same metadata there without asking the network.
     */
    private void copyMetadata(SampleDataset d) throws IOException {
        Path from = archivesCache().resolve(mrlPath(d)).resolve("metadata.json");
        Path to = unpackedCache().resolve(mrlPath(d)).resolve("metadata.json");
        Metadata metadata;
        try (Reader r = Files.newBufferedReader(from)) {
            metadata = JsonUtils.GSON_PRETTY.fromJson(r, Metadata.class);
        }
        metadata.setLastUpdated(new Date()); // DJL keeps metadata for a day; it is as fresh as the files
        Files.createDirectories(to.getParent());
        Path tmp = AtomicFiles.temporaryFor(to);
        try (Writer w = Files.newBufferedWriter(tmp)) {
            w.write(JsonUtils.GSON_PRETTY.toJson(metadata));
        }
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes what a killed fetch of this set left: Graft's temporary folders (under the set's lock). */
    private void removeStaging(SampleDataset d) throws IOException {
        removeTemporaries(root, d.id());
        removeTemporaries(unpackedDir(d).getParent(), SampleDatasets.VERSION);
    }

    private static void removeTemporaries(Path dir, String name) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Pattern mine = Pattern.compile(Pattern.quote(AtomicFiles.TEMP_PREFIX + name + "-") + "[0-9a-f]{8}");
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> mine.matcher(p.getFileName().toString()).matches()).toList()) {
                Utils.deleteQuietly(p);
            }
        }
    }

    private String about(SampleDataset d, int[] counts) {
        return d.title() + "\n\n" + d.about() + "\n\n"
                + d.trainFolder() + "/  the official training split: " + counts[0] + " images. Train on this"
                + " folder; Graft splits off its own validation images.\n"
                + d.testFolder() + "/  the official test split: " + counts[1] + " images. Choose recipes on"
                + " validation, then score the chosen model on this folder once (graft eval).\n\n"
                + "Image size: " + d.imageSize() + "\nClasses: " + d.describeClasses() + "\nLicence: " + d.licence()
                + "\nSource: " + d.home() + "\n\nFetched " + LocalDate.now() + " by Graft from DJL's repository ("
                + settings.repositoryUrl() + ", artifact " + BasicDatasets.GROUP_ID + ":" + d.artifactId() + ":"
                + SampleDatasets.VERSION + ") and read with DJL basicdataset's " + d.djlClass() + ". The markers " + DatasetInfo.FILE + " tell Graft which split is which.\n";
    }

    private String missing(SampleDataset d) {
        List<String> parts = new ArrayList<>();
        d.recordedFiles().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                parts.add(e.getKey() + " (" + Sizes.format(Long.parseLong(e.getValue()[0])) + ")"));
        String files = parts.isEmpty() ? "the files of " + BasicDatasets.GROUP_ID + ":" + d.artifactId() + " (their"
                + " names and sizes are in the repository's metadata, not read yet)" : String.join(", ", parts);
        return "missing: " + files + " from " + metadataUrl(d).resolve(".");
    }

    private static String describeItems(Artifact a) {
        List<String> parts = new ArrayList<>();
        for (Artifact.Item item : a.getFiles().values()) {
            String uri = item.getUri();
            parts.add(uri.substring(uri.lastIndexOf('/') + 1));
        }
        return String.join(", ", parts);
    }

    private static String licence(Artifact a) {
        Metadata m = a.getMetadata();
        if (m == null || m.getLicenses() == null || m.getLicenses().isEmpty()) {
            return null;
        }
        return m.getLicenses().values().stream().map(l -> l.getName()).filter(n -> n != null && !n.isBlank())
                .reduce((x, y) -> x + ", " + y).orElse(null);
    }

    private static long size(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
