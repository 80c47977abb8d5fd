package dev.graft.core.data;

import dev.graft.core.util.Plural;
import java.util.ArrayList;
import java.util.List;

/**
 * Warnings about a dataset that can be trained on but may disappoint: a folder of datasets rather
 * than one ({@link DatasetShape}), tiny or imbalanced classes, a tiny validation split, images far
 * smaller than the input size; and a folder marked as a published set's test split
 * ({@link DatasetInfo}), which is for scoring once, not for training.
 */
public final class DatasetWarnings {

    /** Fewer training images than this in a class earns a warning. */
    public static final int TINY_CLASS = 10;
    /** Largest/smallest class ratio that earns an imbalance warning. */
    public static final double IMBALANCE = 4.0;
    /**
     * Upscaling by this factor or more earns a warning: the time goes into detail that is not
     * there (28-px Fashion-MNIST at 224 px is 8×; the 64-px emoji sample at the backbone's native
     * 224 px, 3.5×, is not warned about).
     */
    public static final double UPSCALE = 6.0;

    private DatasetWarnings() {}

    /**
     * Checks a dataset.
     *
     * @param scan the scan
     * @param split the split
     * @return warnings in words, possibly none
     */
    public static List<String> check(DatasetScan scan, DatasetSplit split) {
        return check(scan, split, 0);
    }

    /**
     * Checks a dataset for a run at an image size.
     *
     * @param scan the scan
     * @param split the split
     * @param imageSize the input size (0: do not check the upscaling)
     * @return warnings in words, possibly none
     */
    public static List<String> check(DatasetScan scan, DatasetSplit split, int imageSize) {
        List<String> out = new ArrayList<>();
        DatasetInfo.read(scan.root()).map(DatasetInfo::testSetNote).ifPresent(out::add);
        String shape = DatasetShape.warning(scan);
        if (shape != null) {
            out.add(shape);
        }
        out.addAll(checkClasses(scan, split));
        String upscale = upscaling(scan.medianSide(), imageSize);
        if (upscale != null) {
            out.add(upscale);
        }
        return out;
    }

    /**
     * A warning when images would be blown up far beyond their own size.
     *
     * @param medianSide the images' typical shorter side (0: unknown)
     * @param imageSize the input size
     * @return the warning, or null
     */
    public static String upscaling(int medianSide, int imageSize) {
        if (medianSide <= 0 || imageSize < UPSCALE * medianSide) {
            return null;
        }
        // about three times the images' own size keeps the backbone's receptive fields useful
        int suggested = Math.min(imageSize, Math.max(64, (int) Math.ceil(3.0 * medianSide / 32.0) * 32));
        if (Math.pow(imageSize / (double) suggested, 2) < 2) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "the images are about %d px on their shorter side: at an image"
                + " size of %d px each is upscaled %.0f×, and training spends its time on detail that is not there;"
                + " an image size of %d px trains about %.0f× faster", medianSide, imageSize,
                imageSize / (double) medianSide, suggested, Math.pow(imageSize / (double) suggested, 2));
    }

    private static List<String> checkClasses(DatasetScan scan, DatasetSplit split) {
        List<String> out = new ArrayList<>();
        int[] counts = scan.countsPerClass();
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int c = 0; c < counts.length; c++) {
            min = Math.min(min, counts[c]);
            max = Math.max(max, counts[c]);
            if (counts[c] < TINY_CLASS) {
                out.add("class '" + scan.classes().get(c) + "' has only " + Plural.of(counts[c], "image")
                        + ": its accuracy will be noisy (aim for 20 or more per class)");
            }
        }
        if (min > 0 && max / (double) min >= IMBALANCE) {
            out.add(String.format(java.util.Locale.ROOT,
                    "classes are imbalanced (largest %s, smallest %d): the model will favour large classes",
                    Plural.of(max, "image"), min));
        }
        if (!split.validation().isEmpty() && split.validation().size() < 2 * counts.length) {
            out.add("the validation split has only " + Plural.of(split.validation().size(), "image")
                    + ": validation accuracy will move in large steps");
        }
        return out;
    }
}
