package dev.graft.engine.data;

import dev.graft.core.data.DatasetException;
import dev.graft.core.data.DatasetScan;
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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Scans a class-folder dataset: every non-hidden immediate sub-folder is a class, every file
 * below it (recursively, following links, loops detected) is a candidate image. Each candidate is
 * decoded once to prove it is usable; the rest are reported with a reason. Read-only: the folder
 * is never modified.
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
        if (!Files.isDirectory(root)) {
            throw new DatasetException("Dataset folder not found: " + root);
        }
        List<Path> classDirs = new ArrayList<>();
        List<SkippedFile> skipped = new ArrayList<>();
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.sorted().toList()) {
                if (isHidden(child)) {
                    continue;
                }
                if (Files.isDirectory(child)) {
                    classDirs.add(child);
                } else {
                    skipped.add(new SkippedFile(child, "not inside a class folder"));
                }
            }
        } catch (IOException e) {
            throw new DatasetException("Cannot read dataset folder " + root + ": " + e.getMessage());
        }
        if (classDirs.isEmpty()) {
            throw new DatasetException("No class folders in " + root
                    + ": put the images of each class in a sub-folder named after the class.");
        }
        List<String> classes = new ArrayList<>();
        List<LabeledImage> candidates = new ArrayList<>();
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
            for (Path file : listFiles(dir, skipped)) {
                candidates.add(new LabeledImage(file, label));
            }
        }
        List<LabeledImage> images = new ArrayList<>();
        List<Integer> sides = new ArrayList<>();
        checkDecodable(candidates, images, skipped, sides, stop);
        skipped.sort(Comparator.comparing(SkippedFile::file));
        sides.sort(null);
        return new DatasetScan(root, classes, images, skipped, sides.isEmpty() ? 0 : sides.get(sides.size() / 2));
    }

    /**
     * Checks that a scan can be trained on.
     *
     * @param scan the scan
     * @throws DatasetException naming the empty classes, or when fewer than two classes are usable
     */
    public static void requireTrainable(DatasetScan scan) throws DatasetException {
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

    private static List<Path> listFiles(Path dir, List<SkippedFile> skipped) throws DatasetException {
        List<Path> files = new ArrayList<>();
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
                                    files.add(f);
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
        files.sort(null);
        return files;
    }

    private void checkDecodable(List<LabeledImage> candidates, List<LabeledImage> images,
            List<SkippedFile> skipped, List<Integer> sides, StopSignal stop) throws DatasetException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "graft-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            // each future gives the image's shorter side (Integer) or why it is unusable (String)
            List<Future<Object>> results = new ArrayList<>();
            for (LabeledImage candidate : candidates) {
                results.add(pool.submit(() -> {
                    if (stop.requested()) {
                        return 0; // the scan is abandoned below
                    }
                    try {
                        var image = decoder.decode(candidate.file());
                        return Math.min(image.getWidth(), image.getHeight());
                    } catch (ImageRejectedException e) {
                        return e.getMessage();
                    }
                }));
            }
            for (int i = 0; i < candidates.size(); i++) {
                stop.check();
                Object outcome = results.get(i).get();
                if (outcome instanceof Integer side) {
                    images.add(candidates.get(i));
                    sides.add(side);
                } else {
                    skipped.add(new SkippedFile(candidates.get(i).file(), (String) outcome));
                }
            }
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
