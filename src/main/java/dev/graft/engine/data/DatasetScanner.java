package dev.graft.engine.data;

import dev.graft.core.data.DatasetException;
import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.DatasetShape;
import dev.graft.core.data.LabeledImage;
import dev.graft.core.data.SkippedFile;
import dev.graft.core.run.StopSignal;
import dev.graft.engine.image.ImageDecoder;
import dev.graft.engine.image.ImageRejectedException;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Scans a class-folder dataset: every non-hidden immediate sub-folder is a class, every file
 * below it (recursively, following links, loops detected) is a candidate image, and every file
 * lying in the folder itself is a candidate for its inbox of unlabelled images. Each candidate is
 * decoded once to prove it is usable; the rest are reported with a reason. These are the rules
 * every view of a dataset counts by (what is an image, what is skipped and why, what is in the
 * inbox). Read-only: the folder is never modified.
 */
public final class DatasetScanner {

    private final ImageDecoder decoder;
    private final int threads;

    /** A scanner using all cores and a white-background decoder. */
    public DatasetScanner() {
        this(new ImageDecoder(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * A scanner.
     *
     * @param decoder the decoder that proves each file usable
     * @param threads decoding threads
     */
    public DatasetScanner(ImageDecoder decoder, int threads) {
        this.decoder = decoder;
        this.threads = Math.max(1, threads);
    }

    /**
     * Scans a folder.
     *
     * @param root the dataset folder
     * @return what was found; check it with {@link #requireTrainable(DatasetScan)} before training
     * @throws DatasetException if the folder does not exist or has no class folders
     */
    public DatasetScan scan(Path root) throws DatasetException {
        return scan(root, new StopSignal());
    }

    /**
     * Scans a folder, giving up as soon as a stop is requested.
     *
     * @param root the dataset folder
     * @param stop checked between files
     * @return what was found; check it with {@link #requireTrainable(DatasetScan)} before training
     * @throws DatasetException if the folder does not exist, has no class folders, or a class
     *     folder's name cannot be a class name
     * @throws dev.graft.core.run.StoppedException if a stop was requested
     */
    public DatasetScan scan(Path root, StopSignal stop) throws DatasetException {
        return scan(root, stop, null);
    }

    /** Sees each usable image once, as the scan decodes it (on the scanner's worker threads). */
    @FunctionalInterface
    public interface ImageVisitor {
        /**
         * Looks at a decoded image.
         *
         * @param file the image file
         * @param image its pixels (opaque RGB and upright in {@code image()}, as decoded in
         *     {@code source()})
         * @throws java.io.IOException if the file cannot be read again (the scan then fails)
         */
        void visit(Path file, ImageDecoder.Decoded image) throws IOException;
    }

    /**
     * Learns something about each usable image while it is decoded anyway (on the scanner's worker
     * threads); what it returns is remembered with the file when the scan has a memory.
     *
     * @param <T> what it learns
     */
    @FunctionalInterface
    public interface ImageInspector<T> {
        /**
         * Looks at a decoded image.
         *
         * @param file the image file
         * @param image its pixels
         * @return what to keep about it
         * @throws java.io.IOException if the file cannot be read again (the scan then fails)
         */
        T inspect(Path file, ImageDecoder.Decoded image) throws IOException;
    }

    /**
     * A scan and what an inspector learnt about each of its usable images (class images and
     * inbox images alike).
     *
     * @param scan the scan
     * @param facts image file → what the inspector kept
     * @param <T> what the inspector learns
     */
    public record Inspected<T>(DatasetScan scan, Map<Path, T> facts) {}

    /**
     * Scans a folder and shows every usable image to a visitor while it is decoded anyway (the
     * health check hashes images this way without decoding them twice).
     *
     * @param root the dataset folder
     * @param stop checked between files
     * @param visitor sees each usable image, or null
     * @return what was found
     * @throws DatasetException as {@link #scan(Path, StopSignal)}
     */
    public DatasetScan scan(Path root, StopSignal stop, ImageVisitor visitor) throws DatasetException {
        DatasetScan scan = scanAnyFolder(root, stop, visitor == null ? null : (file, image) -> {
            visitor.visit(file, image);
            return Boolean.TRUE;
        }, null).scan();
        requireClassFolders(scan);
        return scan;
    }

    /**
     * Scans any folder, whether it is a dataset yet or not (the Label tab turns any folder into
     * one): with no class folders the scan has no classes and every image lying in the folder is
     * in its inbox. Images already in the memory, unchanged since, are not decoded again.
     *
     * @param root the folder
     * @param stop checked between files
     * @param inspector learns about each usable image, or null
     * @param memory what earlier scans learnt, updated by this one; or null
     * @param <T> what the inspector learns
     * @return the scan, and what the inspector learnt (or remembered) about each usable image
     * @throws DatasetException if the folder cannot be read or a class folder's name cannot be a
     *     class name
     * @throws dev.graft.core.run.StoppedException if a stop was requested
     */
    public <T> Inspected<T> scanAnyFolder(Path root, StopSignal stop, ImageInspector<T> inspector,
            ScanMemory<T> memory) throws DatasetException {
        if (!Files.isDirectory(root)) {
            throw new DatasetException("Dataset folder not found: " + root);
        }
        List<Path> classDirs = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        List<Candidate> loose = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.sorted().toList()) {
                if (isHidden(child)) {
                    continue;
                }
                if (Files.isDirectory(child)) {
                    classDirs.add(child);
                } else {
                    // a file lying in the dataset folder: an unlabelled image of the inbox, if it is one
                    BasicFileAttributes attrs = attributes(child);
                    if (attrs != null && attrs.isRegularFile()) {
                        loose.add(new Candidate(child, -1, ScanMemory.Key.of(child, attrs)));
                    } else {
                        skipped.add(new SkippedFile(child, attrs == null ? "unreadable" : "not a regular file"));
                    }
                }
            }
        } catch (IOException e) {
            throw new DatasetException("Cannot read dataset folder " + root + ": " + e.getMessage());
        }
        List<String> classes = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        for (Path dir : classDirs) {
            int label = classes.size();
            String name = dir.getFileName().toString();
            if (name.chars().anyMatch(Character::isISOControl)) {
                throw new DatasetException("The class folder '" + name.replace("\n", "\\n").replace("\r", "\\r")
                        .replace("\t", "\\t") + "' in " + root + " has a line break or another control character"
                        + " in its name; class names are written one per line into the model, so rename the folder.");
            }
            stop.check();
            classes.add(name);
            candidates.addAll(listFiles(dir, label, skipped));
        }
        candidates.addAll(loose);
        Map<Path, T> facts = new HashMap<>();
        List<Outcome<T>> outcomes = checkDecodable(candidates, stop, inspector, memory);
        List<LabeledImage> images = new ArrayList<>();
        List<Path> inbox = new ArrayList<>();
        List<Integer> sides = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            Outcome<T> o = outcomes.get(i);
            if (o.reason() != null) {
                skipped.add(new SkippedFile(c.file(), o.reason()));
                continue;
            }
            if (o.kept() != null) {
                facts.put(c.file(), o.kept());
            }
            if (c.label() < 0) {
                inbox.add(c.file());
            } else {
                images.add(new LabeledImage(c.file(), c.label()));
                sides.add(o.side());
            }
        }
        if (memory != null) {
            memory.keepOnly(candidates.stream().map(Candidate::key).filter(java.util.Objects::nonNull)
                    .collect(java.util.stream.Collectors.toSet()));
        }
        skipped.sort(Comparator.comparing(SkippedFile::file));
        sides.sort(null);
        return new Inspected<>(new DatasetScan(root, classes, images, inbox, skipped,
                sides.isEmpty() ? 0 : sides.get(sides.size() / 2)), facts);
    }

    /**
     * Checks that a scanned folder has class folders at all.
     *
     * @param scan the scan
     * @throws DatasetException when it has none
     */
    public static void requireClassFolders(DatasetScan scan) throws DatasetException {
        if (scan.classes().isEmpty()) {
            throw new DatasetException("No class folders in " + scan.root()
                    + ": put the images of each class in a sub-folder named after the class.");
        }
    }

    /**
     * Checks that a scan can be trained on.
     *
     * @param scan the scan
     * @throws DatasetException when the folder does not look like a labelled image set
     *     ({@link DatasetShape}), naming the empty classes, or when fewer than two classes are usable
     */
    public static void requireTrainable(DatasetScan scan) throws DatasetException {
        requireClassFolders(scan);
        String shape = DatasetShape.problem(scan);
        if (shape != null) {
            throw new DatasetException(shape);
        }
        int[] counts = scan.countsPerClass();
        List<String> empty = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] == 0) {
                empty.add(scan.classes().get(c));
            }
        }
        if (scan.images().isEmpty()) {
            throw new DatasetException("No usable images in " + scan.root() + " ("
                    + scan.skipped().size() + " files skipped).");
        }
        if (!empty.isEmpty()) {
            throw new DatasetException("Class folder(s) with no usable images: " + String.join(", ", empty)
                    + ". Add images to them or move them out of " + scan.root() + ".");
        }
        if (counts.length < 2) {
            throw new DatasetException("Only one class (" + scan.classes().get(0) + ") in " + scan.root()
                    + ": a classifier needs at least two class folders.");
        }
    }

    private static boolean isHidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    /** A file that may be an image: its class (-1 for the inbox) and how the memory knows it. */
    private record Candidate(Path file, int label, ScanMemory.Key key) {}

    /** What decoding a candidate found: its shorter side and what was kept, or why it is unusable. */
    private record Outcome<T>(int side, T kept, String reason) {}

    private static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<Candidate> listFiles(Path dir, int label, List<SkippedFile> skipped)
            throws DatasetException {
        List<Candidate> files = new ArrayList<>();
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                            return !d.equals(dir) && isHidden(d)
                                    ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                            if (!isHidden(f)) {
                                if (attrs.isRegularFile()) {
                                    files.add(new Candidate(f, label, ScanMemory.Key.of(f, attrs)));
                                } else {
                                    skipped.add(new SkippedFile(f, "not a regular file"));
                                }
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path f, IOException e) {
                            String reason = e instanceof FileSystemLoopException
                                    ? "symbolic link loop (not followed)"
                                    : "unreadable: " + e.getMessage();
                            if (!isHidden(f)) {
                                skipped.add(new SkippedFile(f, reason));
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new DatasetException("Cannot read class folder " + dir + ": " + e.getMessage());
        }
        files.sort(Comparator.comparing(Candidate::file));
        return files;
    }

    private <T> List<Outcome<T>> checkDecodable(List<Candidate> candidates, StopSignal stop,
            ImageInspector<T> inspector, ScanMemory<T> memory) throws DatasetException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "graft-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Outcome<T>>> results = new ArrayList<>();
            for (Candidate candidate : candidates) {
                ScanMemory.Known<T> known = memory == null ? null : memory.get(candidate.key());
                if (known != null) {
                    results.add(java.util.concurrent.CompletableFuture.completedFuture(
                            new Outcome<>(known.side(), known.kept(), known.reason())));
                    continue;
                }
                results.add(pool.submit(() -> {
                    if (stop.requested()) {
                        return new Outcome<>(0, null, null); // the scan is abandoned below
                    }
                    Outcome<T> outcome;
                    try {
                        ImageDecoder.Decoded decoded = decoder.decodeSized(candidate.file());
                        T kept = inspector == null ? null : inspector.inspect(candidate.file(), decoded);
                        // the image's own size: a large photo is decoded downsampled
                        outcome = new Outcome<>(Math.min(decoded.width(), decoded.height()), kept, null);
                    } catch (ImageRejectedException e) {
                        outcome = new Outcome<>(-1, null, e.getMessage());
                    }
                    if (memory != null) {
                        memory.put(candidate.key(), new ScanMemory.Known<>(outcome.side(), outcome.reason(),
                                outcome.kept()));
                    }
                    return outcome;
                }));
            }
            List<Outcome<T>> out = new ArrayList<>();
            for (Future<Outcome<T>> result : results) {
                stop.check();
                out.add(result.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException("Scan interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new DatasetException("Scan failed: " + e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
