package dev.graft.core.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a class-folder scan found: class names (sorted), usable images, and skipped files with
 * reasons. Immutable.
 *
 * @param root the dataset folder
 * @param classes class names in label order
 * @param images usable images in a stable order (class, then path)
 * @param skipped files that cannot be used, with reasons
 * @param medianSide the median of the usable images' shorter sides in pixels (0 when unknown)
 */
public record DatasetScan(
        Path root, List<String> classes, List<LabeledImage> images, List<SkippedFile> skipped, int medianSide) {

    /** Copies the lists so a scan cannot change after it is made. */
    public DatasetScan {
        classes = List.copyOf(classes);
        images = List.copyOf(images);
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
        this(root, classes, images, skipped, 0);
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
