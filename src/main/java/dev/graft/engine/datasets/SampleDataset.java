package dev.graft.engine.datasets;

import java.util.List;
import java.util.Map;

/**
 * A dataset to start from, with the facts a user sees before fetching it.
 *
 * @param id short name for {@code graft datasets get} and the folder ({@code cifar10})
 * @param title name for people ({@code CIFAR-10})
 * @param kind where it comes from and how DJL reads it
 * @param artifactId the artifact in DJL's repository ({@code ai.djl.basicdataset}), null when bundled
 * @param images how many images, in words ("60,000: 50,000 train / 10,000 test")
 * @param imageSize the images' size in words ("32×32 px, colour")
 * @param classes class folder names in label order (DJL's label {@code i} goes to {@code classes[i]});
 *     empty when DJL reads them from the archive's folders
 * @param classesText the classes in words, for sets whose folders come from the archive
 * @param licence the licence in words
 * @param home where the set is published (its authors' page)
 * @param about one or two sentences: what it is, what it is good for
 * @param downloadBytes bytes DJL's published metadata lists (0: known only when the repository answers)
 * @param recordedFiles file name to {size, SHA-1} from DJL's published metadata: the checksum
 *     Graft falls back on when a repository's metadata gives none
 */
public record SampleDataset(String id, String title, Kind kind, String artifactId, String images, String imageSize,
        List<String> classes, String classesText, String licence, String home, String about, long downloadBytes,
        Map<String, String[]> recordedFiles) {

    /** Where a set comes from and how it becomes class folders. */
    public enum Kind {
        /** Shipped with Graft as class folders. */
        BUNDLED,
        /** DJL's {@code Cifar10}: arrays of 32×32 colour pixels, written out as PNGs. */
        CIFAR10,
        /** DJL's {@code FashionMnist}: arrays of 28×28 grey pixels, written out as PNGs. */
        FASHION_MNIST,
        /** DJL's {@code FruitsFreshAndRotten}: photos in class folders, copied as they are. */
        FRUITS
    }

    /** Copies the lists. */
    public SampleDataset {
        classes = List.copyOf(classes);
        recordedFiles = Map.copyOf(recordedFiles);
    }

    /** @return true for the set shipped with Graft */
    public boolean bundled() {
        return kind == Kind.BUNDLED;
    }

    /** @return the training split's folder name ({@code cifar10-train}) */
    public String trainFolder() {
        return bundled() ? id : id + "-train";
    }

    /** @return the test split's folder name ({@code cifar10-test}) */
    public String testFolder() {
        return bundled() ? id + "-unseen" : id + "-test";
    }

    /** @return the basicdataset class that reads it ({@code Cifar10}), or null for the bundled set */
    public String djlClass() {
        return switch (kind) {
            case CIFAR10 -> "Cifar10";
            case FASHION_MNIST -> "FashionMnist";
            case FRUITS -> "FruitsFreshAndRotten";
            case BUNDLED -> null;
        };
    }

    /** @return the classes in words */
    public String describeClasses() {
        return classes.isEmpty() ? classesText : classes.size() + ": " + String.join(", ", classes);
    }
}
