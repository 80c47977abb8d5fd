package dev.graft.engine.data;

import dev.graft.core.data.DatasetException;
import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.DatasetShape;
import dev.graft.core.data.DatasetSplit;
import dev.graft.core.data.DatasetWarnings;
import dev.graft.core.data.HealthReport;
import dev.graft.core.data.LabeledImage;
import dev.graft.core.data.SkippedFile;
import dev.graft.core.run.RecipeDefaults;
import dev.graft.core.run.StopSignal;
import dev.graft.core.util.Plural;
import dev.graft.engine.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The dataset health check: one pass over the dataset (the same scan training makes, so the same
 * split) that also hashes every image's bytes and look, then finds exact duplicates, near-duplicates,
 * images on both sides of the train/validation split, tiny or imbalanced classes, images much smaller
 * than the model's input and unusable files. Read-only.
 */
public final class DatasetCheck {

    /**
     * Two images whose hashes differ in at most this many clear bits, and whose mean colours are
     * close, look alike (see {@link PerceptualHash}).
     */
    public static final int NEAR_THRESHOLD = 10;
    /** An image whose shorter side is under the input size divided by this is "much smaller". */
    public static final int SMALL_FACTOR = 4;

    private final double valFraction;
    private final long seed;
    private final int imageSize;
    private final int nearThreshold;
    private Memory memory;

    /**
     * A scan and what the check found in it.
     *
     * @param scan the scan (as the dataset view and training see it)
     * @param report the findings
     */
    public record Checked(DatasetScan scan, HealthReport report) {}

    /**
     * The backgrounds a transparent image is compared on with an opaque one: the one training
     * composites transparency onto (first: what the model sees), and black, because converting a
     * transparent PNG to JPEG often turns its transparent area black. An opaque image looks the
     * same on every background.
     */
    static final int[] BACKGROUNDS = {ImageDecoder.BACKGROUND, 0x000000};

    /**
     * What the check learns about one image while it is decoded.
     *
     * @param looks its look on each of {@link #BACKGROUNDS}
     * @param transparent true when its look depends on the background
     */
    private record Facts(String sha256, PerceptualHash[] looks, boolean transparent, int width, int height) {}

    /** A check with the recipe's defaults (validation share, seed, input size). */
    public DatasetCheck() {
        this(RecipeDefaults.VAL_FRACTION, RecipeDefaults.SEED, RecipeDefaults.IMAGE_SIZE, NEAR_THRESHOLD);
    }

    /**
     * A check.
     *
     * @param valFraction validation share (the split checked is the one training makes)
     * @param seed split seed
     * @param imageSize the model's input size
     * @param nearThreshold hash distance up to which images count as alike (0 to 128)
     */
    public DatasetCheck(double valFraction, long seed, int imageSize, int nearThreshold) {
        this.valFraction = valFraction;
        this.seed = seed;
        this.imageSize = imageSize;
        this.nearThreshold = nearThreshold;
    }

    /**
     * Checks a dataset.
     *
     * @param root the dataset folder
     * @return the scan and the findings
     * @throws DatasetException if the folder cannot be scanned at all
     */
    public Checked run(Path root) throws DatasetException {
        return run(root, new StopSignal());
    }

    /**
     * Checks a dataset, giving up when a stop is requested.
     *
     * @param root the dataset folder
     * @param stop checked between files
     * @return the scan and the findings
     * @throws DatasetException if the folder cannot be scanned at all
     */
    public Checked run(Path root, StopSignal stop) throws DatasetException {
        Checked checked = runAnyFolder(root, stop);
        DatasetScanner.requireClassFolders(checked.scan());
        return checked;
    }

    /**
     * What earlier checks learnt about files that have not changed since (their hashes and
     * looks), so that checking again after a small change reads only what changed. The window
     * keeps one for the dataset it shows.
     */
    public static final class Memory {
        private final ScanMemory<Facts> files = new ScanMemory<>();

        /** @return how many files are remembered */
        public int size() {
            return files.size();
        }
    }

    /**
     * Uses a memory: files it knows, unchanged since, are not read again; it learns the rest.
     *
     * @param memory the memory
     * @return this check
     */
    public DatasetCheck remembering(Memory memory) {
        this.memory = memory;
        return this;
    }

    /**
     * Checks any folder, whether it has class folders yet or not (the window shows the inbox of a
     * folder that is still to be labelled).
     *
     * @param root the folder
     * @param stop checked between files
     * @return the scan and the findings
     * @throws DatasetException if the folder cannot be read at all
     */
    public Checked runAnyFolder(Path root, StopSignal stop) throws DatasetException {
        long start = System.nanoTime();
        DatasetScanner.Inspected<Facts> inspected = new DatasetScanner().scanAnyFolder(root, stop,
                DatasetCheck::facts, memory == null ? null : memory.files);
        DatasetScan scan = inspected.scan();
        Map<Path, Facts> facts = inspected.facts();
        DatasetSplit split = DatasetSplit.stratified(scan, valFraction, seed);
        Set<Path> validation = new HashSet<>();
        for (LabeledImage v : split.validation()) {
            validation.add(v.file());
        }
        List<LabeledImage> images = scan.images();
        Map<Path, HealthReport.FileRef> refs = new LinkedHashMap<>();
        for (LabeledImage img : images) {
            refs.put(img.file(), new HealthReport.FileRef(relative(root, img.file()), scan.classes().get(img.label()),
                    validation.contains(img.file()) ? "validation" : "train"));
        }

        // exact duplicates: the same bytes
        Map<String, List<LabeledImage>> bySha = new LinkedHashMap<>();
        for (LabeledImage img : images) {
            bySha.computeIfAbsent(facts.get(img.file()).sha256(), k -> new ArrayList<>()).add(img);
        }
        List<HealthReport.Duplicate> duplicates = new ArrayList<>();
        List<HealthReport.CrossSplit> cross = new ArrayList<>();
        int crossTotal = 0;
        for (var e : bySha.entrySet()) {
            List<LabeledImage> group = e.getValue();
            if (group.size() < 2) {
                continue;
            }
            List<HealthReport.FileRef> files = group.stream().map(i -> refs.get(i.file())).toList();
            boolean classes = group.stream().map(LabeledImage::label).distinct().count() > 1;
            boolean sides = files.stream().map(HealthReport.FileRef::split).distinct().count() > 1;
            duplicates.add(new HealthReport.Duplicate(e.getKey(), files, classes, sides));
            for (HealthReport.FileRef t : files) {
                for (HealthReport.FileRef v : files) {
                    if (t.split().equals("train") && v.split().equals("validation")) {
                        crossTotal++;
                        if (cross.size() < HealthReport.MAX_LISTED) {
                            cross.add(new HealthReport.CrossSplit("exact", 0, t, v));
                        }
                    }
                }
            }
        }

        // near-duplicates: different bytes, alike look (one image per distinct content)
        List<LabeledImage> distinct = bySha.values().stream().map(g -> g.get(0)).toList();
        Near found = nearPairs(distinct.stream().map(i -> facts.get(i.file())).toList());
        List<int[]> pairs = found.pairs();
        pairs.sort(Comparator.comparingInt((int[] p) -> p[2]).thenComparingInt(p -> p[0]).thenComparingInt(p -> p[1]));
        List<HealthReport.NearDuplicate> near = new ArrayList<>();
        List<HealthReport.CrossSplit> nearCross = new ArrayList<>();
        for (int[] p : pairs) {
            LabeledImage a = distinct.get(p[0]);
            LabeledImage b = distinct.get(p[1]);
            HealthReport.FileRef ra = refs.get(a.file());
            HealthReport.FileRef rb = refs.get(b.file());
            boolean sides = !ra.split().equals(rb.split());
            if (near.size() < HealthReport.MAX_LISTED) {
                near.add(new HealthReport.NearDuplicate(p[2], List.of(ra, rb), a.label() != b.label(), sides));
            }
            if (sides) {
                crossTotal++;
                if (nearCross.size() < HealthReport.MAX_LISTED) {
                    boolean aTrains = ra.split().equals("train");
                    nearCross.add(new HealthReport.CrossSplit("near", p[2], aTrains ? ra : rb, aTrains ? rb : ra));
                }
            }
        }
        for (HealthReport.CrossSplit c : nearCross) {
            if (cross.size() < HealthReport.MAX_LISTED) {
                cross.add(c);
            }
        }

        // classes
        int[] counts = scan.countsPerClass();
        int[] val = new int[counts.length];
        for (LabeledImage v : split.validation()) {
            val[v.label()]++;
        }
        int largest = IntStream.of(counts).max().orElse(0);
        List<HealthReport.ClassHealth> classes = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            List<String> problems = new ArrayList<>();
            if (counts[c] == 0) {
                problems.add("no usable images");
            } else if (counts[c] < DatasetWarnings.TINY_CLASS) {
                problems.add("only " + Plural.of(counts[c], "image") + " (aim for 20 or more)");
            }
            if (counts[c] > 0 && largest >= DatasetWarnings.IMBALANCE * counts[c]) {
                problems.add(String.format(Locale.ROOT, "%.0f× fewer images than the largest class",
                        largest / (double) counts[c]));
            }
            classes.add(new HealthReport.ClassHealth(scan.classes().get(c), counts[c], counts[c] - val[c], val[c],
                    problems));
        }

        // small images and unusable files
        List<HealthReport.SmallImage> small = new ArrayList<>();
        for (LabeledImage img : images) {
            Facts f = facts.get(img.file());
            if (Math.min(f.width(), f.height()) * SMALL_FACTOR < imageSize) {
                small.add(new HealthReport.SmallImage(relative(root, img.file()), scan.classes().get(img.label()),
                        f.width(), f.height()));
            }
        }
        List<HealthReport.Skipped> skipped = new ArrayList<>();
        for (SkippedFile s : scan.skipped()) {
            skipped.add(new HealthReport.Skipped(relative(root, s.file()), s.reason()));
        }

        List<String> warnings = new ArrayList<>();
        String shape = DatasetShape.problem(scan);
        if (shape != null) {
            warnings.add(shape);
        }
        if (counts.length < 2) {
            warnings.add("only " + Plural.of(counts.length, "class", "classes") + ": a classifier needs at least two");
        }
        if (!images.isEmpty()) {
            warnings.addAll(DatasetWarnings.check(scan, split, imageSize).stream()
                    .filter(w -> !w.startsWith("class '")).toList()); // per-class warnings are under classes
        }
        if (crossTotal > 0) {
            warnings.add(crossTotal + (crossTotal == 1 ? " image appears" : " images appear") + " in both training and"
                    + " validation (the same or an alike picture): validation accuracy will look better than it is");
        }
        if (found.total() > images.size()) {
            warnings.add(found.total() + " pairs of images look alike at thumbnail scale: the images may be too"
                    + " similar (or too small) for perceptual hashing to tell apart; check a few of the pairs");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        HealthReport report = new HealthReport(root.toString(), images.size(), new HealthReport.Split(valFraction,
                seed, split.train().size(), split.validation().size()), imageSize, duplicates, near, cross, classes,
                skipped, small, warnings, nearThreshold, found.total(), crossTotal, Math.round(seconds * 1000) / 1000.0);
        return new Checked(scan, report);
    }

    /**
     * Every pair of hashes within the threshold, compared all against all on every core: 30,000
     * images are 450 million comparisons of a few machine instructions each, about a second.
     */
    private Near nearPairs(List<Facts> images) {
        int n = images.size();
        int backgrounds = BACKGROUNDS.length;
        long[][] h = new long[backgrounds][n];
        long[][] hc = new long[backgrounds][n];
        long[][] v = new long[backgrounds][n];
        long[][] vc = new long[backgrounds][n];
        int[][] colour = new int[backgrounds][n];
        boolean[] transparent = new boolean[n];
        for (int i = 0; i < n; i++) {
            transparent[i] = images.get(i).transparent();
            for (int b = 0; b < backgrounds; b++) {
                PerceptualHash p = images.get(i).looks()[b];
                h[b][i] = p.horizontal();
                hc[b][i] = p.horizontalClear();
                v[b][i] = p.vertical();
                vc[b][i] = p.verticalClear();
                colour[b][i] = p.meanRgb();
            }
        }
        int t = nearThreshold;
        // at most this many pairs are kept (a folder of look-alikes must not exhaust memory); all are counted
        int keep = 50 * HealthReport.MAX_LISTED;
        List<int[]> out = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger total = new java.util.concurrent.atomic.AtomicInteger();
        IntStream.range(0, n).parallel().forEach(i -> {
            for (int j = i + 1; j < n; j++) {
                // training's background says how two images compare when both are opaque or both
                // transparent; an opaque copy of a transparent image may have been flattened onto
                // another background, so that pair is also compared on the others
                int shown = transparent[i] != transparent[j] ? backgrounds : 1;
                int best = Integer.MAX_VALUE;
                for (int b = 0; b < shown; b++) {
                    int d = Long.bitCount((h[b][i] ^ h[b][j]) & (hc[b][i] | hc[b][j]));
                    if (d > t) {
                        continue;
                    }
                    d += Long.bitCount((v[b][i] ^ v[b][j]) & (vc[b][i] | vc[b][j]));
                    if (d <= t && d < best && PerceptualHash.similarColour(colour[b][i], colour[b][j])) {
                        best = d;
                    }
                }
                if (best <= t && total.incrementAndGet() <= keep) {
                    out.add(new int[] {i, j, best});
                }
            }
        });
        return new Near(new ArrayList<>(out), total.get());
    }

    /** Hashes an image's bytes and its look on each background. */
    private static Facts facts(Path file, ImageDecoder.Decoded decoded) throws IOException {
        PerceptualHash[] looks = new PerceptualHash[BACKGROUNDS.length];
        // the first background is the decoder's own: its composite is already there
        looks[0] = PerceptualHash.of(decoded.image());
        for (int b = 1; b < looks.length; b++) {
            looks[b] = decoded.transparent() ? PerceptualHash.of(decoded.on(BACKGROUNDS[b])) : looks[0];
        }
        return new Facts(sha256(file), looks, decoded.transparent(), decoded.width(), decoded.height());
    }

    /** Pairs kept (index, index, distance) and how many there were in all. */
    private record Near(List<int[]> pairs, int total) {}

    private static String relative(Path root, Path file) {
        Path rel = root.relativize(file);
        return rel.toString();
    }

    private static String sha256(Path file) throws IOException {
        return dev.graft.core.labelling.Hashes.sha256(file);
    }
}
