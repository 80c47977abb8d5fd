package dev.graft.core.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a class-folder scan found: class names (sorted), usable images, the unlabelled images lying
 * in the dataset folder itself (its inbox), and skipped files with reasons. Immutable. Every view of
 * a dataset counts from one scan, so that the numbers agree wherever they are shown.
 *
 * @param root the dataset folder
 * @param classes class names in label order
 * @param images usable images in a stable order (class, then path)
 * @param inbox usable images lying directly in the dataset folder (unlabelled, not trained on),
 *     sorted
 * @param skipped files that cannot be used, with reasons
 * @param medianSide the median of the usable images' shorter sides in pixels (0 when unknown)
 */
public record DatasetScan(Path root, List<String> classes, List<LabeledImage> images, List<Path> inbox,
        List<SkippedFile> skipped, int medianSide) {

    /** Copies the lists so a scan cannot change after it is made. */
    public DatasetScan {
        classes = List.copyOf(classes);
        images = List.copyOf(images);
        inbox = List.copyOf(inbox);
        skipped = List.copyOf(skipped);
    }

    /**
     * A scan whose image sizes were not measured.
     *
     * @param root the dataset folder
     * @param classes class names in label order
     * @param images usable images
     * @param skipped skipped files
     */
    public DatasetScan(Path root, List<String> classes, List<LabeledImage> images, List<SkippedFile> skipped) {
        this(root, classes, images, List.of(), skipped, 0);
    }

    /**
     * Counts usable images per class.
     *
     * @return counts in class order
     */
    public int[] countsPerClass() {
        int[] counts = new int[classes.size()];
        for (LabeledImage image : images) {
            counts[image.label()]++;
        }
        return counts;
    }

    /**
     * The files of one class that cannot be used.
     *
     * @param cls the class name
     * @return its skipped files, in scan order
     */
    public List<SkippedFile> skippedIn(String cls) {
        Path dir = root.resolve(cls);
        return skipped.stream().filter(s -> s.file().startsWith(dir)).toList();
    }

    /**
     * The files lying directly in the dataset folder that cannot be used (not images, broken).
     *
     * @return them, in scan order
     */
    public List<SkippedFile> skippedLoose() {
        return skipped.stream().filter(s -> root.equals(s.file().getParent())).toList();
    }

    /**
     * The images of one class.
     *
     * @param label the class index
     * @return its images in scan order
     */
    public List<LabeledImage> imagesOf(int label) {
        List<LabeledImage> out = new ArrayList<>();
        for (LabeledImage image : images) {
            if (image.label() == label) {
                out.add(image);
            }
        }
        return out;
    }
}
