package dev.graft.core.data;

import com.google.gson.annotations.SerializedName;
import java.util.List;

/**
 * What a dataset health check found, in a stable shape (the JSON of {@code graft check --json}):
 * exact duplicates, near-duplicates, images that appear on both sides of the train/validation
 * split, the classes with their problems, images much smaller than the model's input, and files
 * that cannot be used. Every finding names its files, relative to the dataset folder.
 *
 * @param dataset the dataset folder
 * @param images usable images
 * @param split the split checked (the one training makes with the same fraction and seed)
 * @param imageSize the model's input size the image sizes were compared with
 * @param duplicates groups of files with identical bytes
 * @param nearDuplicates pairs of different files that look alike, closest first (at most
 *     {@link #MAX_LISTED}; {@code nearDuplicatesTotal} counts them all)
 * @param crossSplit identical or alike images on both sides of the split: validation then measures
 *     memory, not generalisation (at most {@link #MAX_LISTED}, exact first)
 * @param classes every class with its counts and problems
 * @param skipped files that cannot be used, with reasons
 * @param smallImages images whose shorter side is under a quarter of the input size
 * @param warnings dataset-wide warnings in words
 * @param nearThreshold the hash distance (of 128 bits) up to which two images count as alike
 * @param nearDuplicatesTotal all near-duplicate pairs found
 * @param crossSplitTotal all cross-split pairs found
 * @param seconds how long the check took
 */
public record HealthReport(String dataset, int images, Split split, int imageSize, List<Duplicate> duplicates,
        List<NearDuplicate> nearDuplicates, List<CrossSplit> crossSplit, List<ClassHealth> classes,
        List<Skipped> skipped, List<SmallImage> smallImages, List<String> warnings, int nearThreshold,
        int nearDuplicatesTotal, int crossSplitTotal, double seconds) {

    /** Longest list of pairs reported (a folder of look-alike images would otherwise list millions). */
    public static final int MAX_LISTED = 1000;

    /** Copies the lists. */
    public HealthReport {
        duplicates = List.copyOf(duplicates);
        nearDuplicates = List.copyOf(nearDuplicates);
        crossSplit = List.copyOf(crossSplit);
        classes = List.copyOf(classes);
        skipped = List.copyOf(skipped);
        smallImages = List.copyOf(smallImages);
        warnings = List.copyOf(warnings);
    }

    /**
     * The split checked.
     *
     * @param valFraction share of each class for validation
     * @param seed the split's seed
     * @param train training images
     * @param validation validation images
     */
    public record Split(double valFraction, long seed, int train, int validation) {}

    /**
     * A file named in a finding.
     *
     * @param file path relative to the dataset
     * @param className its class
     * @param split "train" or "validation"
     */
    public record FileRef(String file, @SerializedName("class") String className, String split) {}

    /**
     * Files with identical bytes.
     *
     * @param sha256 their content hash
     * @param files the files
     * @param acrossClasses true when they carry different labels
     * @param acrossSplit true when some are in training and some in validation
     */
    public record Duplicate(String sha256, List<FileRef> files, boolean acrossClasses, boolean acrossSplit) {}

    /**
     * Two different files that look alike.
     *
     * @param distance hash distance (0 to 128; small is alike)
     * @param files the two files
     * @param acrossClasses true when they carry different labels
     * @param acrossSplit true when one is in training and the other in validation
     */
    public record NearDuplicate(int distance, List<FileRef> files, boolean acrossClasses, boolean acrossSplit) {}

    /**
     * A leak: the same or an alike image in training and in validation.
     *
     * @param kind "exact" or "near"
     * @param distance hash distance (0 for exact)
     * @param train the training file
     * @param validation the validation file
     */
    public record CrossSplit(String kind, int distance, FileRef train, FileRef validation) {}

    /**
     * A class.
     *
     * @param name its name
     * @param images usable images
     * @param train of which in training
     * @param validation of which in validation
     * @param problems what is wrong with it (tiny, much smaller than the largest class, empty)
     */
    public record ClassHealth(String name, int images, int train, int validation, List<String> problems) {}

    /**
     * A file that cannot be used.
     *
     * @param file path relative to the dataset
     * @param reason why
     */
    public record Skipped(String file, String reason) {}

    /**
     * An image much smaller than the model's input.
     *
     * @param file path relative to the dataset
     * @param className its class
     * @param width width in pixels
     * @param height height in pixels
     */
    public record SmallImage(String file, @SerializedName("class") String className, int width, int height) {}

    /** @return true when nothing at all was found */
    public boolean clean() {
        return duplicates.isEmpty() && nearDuplicates.isEmpty() && crossSplit.isEmpty() && skipped.isEmpty()
                && smallImages.isEmpty() && warnings.isEmpty() && classes.stream().allMatch(c -> c.problems().isEmpty());
    }
}
