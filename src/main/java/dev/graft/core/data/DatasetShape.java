package dev.graft.core.data;

import dev.graft.core.util.Plural;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether a scanned folder looks like a labelled image set at all: one sub-folder of images per
 * class. Two shapes that do not are recognised, so that nobody trains on them by mistake: a folder
 * whose class folders are mostly not images (a source repository, a home folder) cannot be trained
 * on, and a folder whose class folders hold the same sub-folders of images again (a folder of
 * datasets) is named as such. The window's "cannot train" reason, {@code graft train} and
 * {@code graft check} all ask here.
 */
public final class DatasetShape {

    /** How many folders a message names before it says "…". */
    private static final int NAMED = 5;

    private DatasetShape() {}

    /**
     * Why a folder cannot be trained on as a labelled image set, or null when it looks like one.
     * More files below the class folders that are not images (sidecar files of an image, such as
     * {@code IMG_1.xmp} beside {@code IMG_1.jpg}, left out) than usable images means it is not one.
     *
     * @param scan the scan
     * @return the reason, or null
     */
    public static String problem(DatasetScan scan) {
        Set<String> stems = new HashSet<>();
        Map<String, int[]> perClass = new TreeMap<>(); // class → {images, not images}
        for (LabeledImage image : scan.images()) {
            stems.add(stem(image.file()));
            perClass.computeIfAbsent(scan.classes().get(image.label()), c -> new int[2])[0]++;
        }
        int notImages = 0;
        for (SkippedFile s : scan.skipped()) {
            Path rel = relative(scan, s.file());
            if (rel == null || rel.getNameCount() < 2 || !s.notAnImage() || sidecar(s.file(), stems)) {
                continue;
            }
            notImages++;
            perClass.computeIfAbsent(rel.getName(0).toString(), c -> new int[2])[1]++;
        }
        if (notImages == 0 || notImages <= scan.images().size()) {
            return null;
        }
        List<String> worst = new ArrayList<>();
        perClass.forEach((c, n) -> {
            if (n[1] > n[0]) {
                worst.add(c + ": " + n[1] + " of " + (n[0] + n[1]));
            }
        });
        return scan.root().toAbsolutePath().normalize().getFileName() + " does not look like a labelled image set: "
                + Plural.of(notImages, "file") + " below its class folders " + (notImages == 1 ? "is" : "are")
                + " not images, against " + Plural.of(scan.images().size(), "image") + " (" + named(worst)
                + "). A dataset is a folder with one sub-folder of images per class: open that folder instead.";
    }

    /**
     * A warning when every class folder keeps its images in sub-folders that recur across the class
     * folders and outnumber them: most likely a folder of datasets, whose sub-folders are the real
     * classes (a dataset whose few sources are grouped inside each class, e.g. {@code animal/noto}
     * and {@code animal/twemoji}, is not warned about).
     *
     * @param scan the scan
     * @return the warning, or null
     */
    public static String warning(DatasetScan scan) {
        Map<String, Set<String>> subFolders = new LinkedHashMap<>();
        Set<String> direct = new HashSet<>();
        for (LabeledImage image : scan.images()) {
            Path rel = relative(scan, image.file());
            if (rel == null) {
                continue;
            }
            String cls = scan.classes().get(image.label());
            if (rel.getNameCount() < 3) {
                direct.add(cls);
            } else {
                subFolders.computeIfAbsent(cls, c -> new TreeSet<>()).add(rel.getName(1).toString());
            }
        }
        if (subFolders.size() < 2 || !direct.isEmpty()
                || subFolders.values().stream().anyMatch(s -> s.size() < 2)) {
            return null;
        }
        Set<String> all = new TreeSet<>();
        subFolders.values().forEach(all::addAll);
        boolean recurring = all.stream().anyMatch(n -> subFolders.values().stream().filter(s -> s.contains(n))
                .count() > 1);
        if (!recurring || all.size() < subFolders.size()) {
            return null;
        }
        List<String> described = new ArrayList<>();
        subFolders.forEach((c, s) -> described.add(c + ": " + named(new ArrayList<>(s))));
        String first = subFolders.keySet().iterator().next();
        return "every class folder holds sub-folders of images (" + String.join("; ", described)
                + "): this looks like a folder of datasets. Training would use the "
                + Plural.of(subFolders.size(), "top-level folder") + " as classes and mix what their sub-folders"
                + " hold. If the sub-folders are the classes, open one of them instead (e.g. "
                + scan.root().resolve(first) + ").";
    }

    private static String named(List<String> items) {
        return String.join(", ", items.subList(0, Math.min(NAMED, items.size())))
                + (items.size() > NAMED ? ", …" : "");
    }

    private static Path relative(DatasetScan scan, Path file) {
        Path rel = scan.root().relativize(file);
        return rel.startsWith("..") ? null : rel;
    }

    /** A file's folder and name up to its last dot ("a/IMG_1" for a/IMG_1.jpg). */
    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling(dot > 0 ? name.substring(0, dot) : name).toString();
    }

    /** A file named after an image beside it plus an extension (IMG_1.xmp, IMG_1.jpg.json). */
    private static boolean sidecar(Path file, Set<String> imageStems) {
        String name = file.getFileName().toString();
        for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
            String prefix = name.substring(0, dot);
            if (imageStems.contains(file.resolveSibling(prefix).toString())) {
                return true;
            }
        }
        return false;
    }
}
