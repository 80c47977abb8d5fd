package dev.graft.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A stratified train/validation split. The same scan, fraction and seed always give the same
 * split, so a run can be reproduced and resumed.
 *
 * @param train training images
 * @param validation validation images
 */
public record DatasetSplit(List<LabeledImage> train, List<LabeledImage> validation) {

    /** Copies the lists. */
    public DatasetSplit {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }

    /**
     * Splits every class separately so each keeps its share in both parts. A class with at least
     * two images always keeps one image on each side; fraction 0 puts everything in training.
     *
     * @param scan the dataset
     * @param valFraction share of each class for validation, in [0, 1)
     * @param seed shuffling seed
     * @return the split
     */
    public static DatasetSplit stratified(DatasetScan scan, double valFraction, long seed) {
        if (valFraction < 0 || valFraction >= 1) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1): " + valFraction);
        }
        List<LabeledImage> train = new ArrayList<>();
        List<LabeledImage> val = new ArrayList<>();
        for (int c = 0; c < scan.classes().size(); c++) {
            List<LabeledImage> images = new ArrayList<>(scan.imagesOf(c));
            Collections.shuffle(images, new Random(seed * 31 + c));
            int nVal = (int) Math.round(images.size() * valFraction);
            if (valFraction > 0 && images.size() >= 2) {
                nVal = Math.max(1, Math.min(nVal, images.size() - 1));
            }
            val.addAll(images.subList(0, nVal));
            train.addAll(images.subList(nVal, images.size()));
        }
        return new DatasetSplit(train, val);
    }

    /**
     * Training images per class.
     *
     * @param classes number of classes
     * @return counts indexed by label
     */
    public int[] trainCountsPerClass(int classes) {
        int[] counts = new int[classes];
        for (LabeledImage image : train) {
            counts[image.label()]++;
        }
        return counts;
    }
}
