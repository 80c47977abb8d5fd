package dev.graft.engine.train;

import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.DatasetSplit;
import java.util.ArrayList;
import java.util.List;

/** Warnings about a dataset that can be trained on but may disappoint: tiny or imbalanced classes. */
public final class DatasetWarnings {

    /** Fewer training images than this in a class earns a warning. */
    public static final int TINY_CLASS = 10;
    /** Largest/smallest class ratio that earns an imbalance warning. */
    public static final double IMBALANCE = 4.0;

    private DatasetWarnings() {}

    /**
     * Checks a dataset.
     *
     * @param scan the scan
     * @param split the split
     * @return warnings in words, possibly none
     */
    public static List<String> check(DatasetScan scan, DatasetSplit split) {
        List<String> out = new ArrayList<>();
        int[] counts = scan.countsPerClass();
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int c = 0; c < counts.length; c++) {
            min = Math.min(min, counts[c]);
            max = Math.max(max, counts[c]);
            if (counts[c] < TINY_CLASS) {
                out.add("class '" + scan.classes().get(c) + "' has only " + counts[c]
                        + " images: its accuracy will be noisy (aim for 20 or more per class)");
            }
        }
        if (min > 0 && max / (double) min >= IMBALANCE) {
            out.add(String.format(java.util.Locale.ROOT,
                    "classes are imbalanced (largest %d images, smallest %d): the model will favour large classes",
                    max, min));
        }
        if (!split.validation().isEmpty() && split.validation().size() < 2 * counts.length) {
            out.add("the validation split has only " + split.validation().size()
                    + " images: validation accuracy will move in large steps");
        }
        return out;
    }
}
