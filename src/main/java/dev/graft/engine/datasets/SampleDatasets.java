package dev.graft.engine.datasets;

import dev.graft.core.run.RunLocations;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The datasets Graft offers to start from: the emoji sample it ships, and the image-classification
 * sets of DJL's {@code basicdataset} that its repository serves. The facts come from the sets'
 * authors and DJL's published metadata; sizes DJL does not publish are shown once its repository
 * answers.
 */
public final class SampleDatasets {

    /** System property naming the folder of the bundled samples (the installed app sets it). */
    public static final String SAMPLES_PROPERTY = "graft.samples";
    /** The artifacts' version in DJL's repository, as basicdataset 0.36 asks for it. */
    public static final String VERSION = "1.0";

    /** The bundled emoji sample. */
    public static final SampleDataset EMOJI = new SampleDataset("emoji", "Emoji sample", SampleDataset.Kind.BUNDLED,
            null, "203 training images; 394 test images in emoji-unseen", "64×64 px, colour, transparent background",
            List.of("animal", "clothing", "food", "vehicle", "weather"), null,
            "CC-BY 4.0 (Twemoji); the test set also holds Google Noto emoji (Apache License 2.0)",
            "datasets-sample/NOTICE.md", "Emoji in five classes, shipped with Graft: trains in about a minute on"
                    + " a laptop. emoji-unseen holds other emoji of the same classes, half of them in another art"
                    + " style.", 0, Map.of());

    /** CIFAR-10 through DJL's {@code Cifar10}. */
    public static final SampleDataset CIFAR10 = new SampleDataset("cifar10", "CIFAR-10", SampleDataset.Kind.CIFAR10,
            "cifar10", "60,000: 50,000 training / 10,000 test", "32×32 px, colour",
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"), null,
            "no licence published by its authors; cite Krizhevsky (2009), Learning Multiple Layers of Features"
                    + " from Tiny Images", "https://www.cs.toronto.edu/~kriz/cifar.html",
            "Tiny photos of ten everyday classes, the classic benchmark. At 32 px the images are far smaller"
                    + " than a pretrained model's input: train at a small image size.",
            141_317_082L + 28_259_644L, Map.of(
                    "data_batch.bin.gz", new String[] {"141317082", "7d419c355d2267b1f8e949af07cef073d26c590e"},
                    "test_batch.bin.gz", new String[] {"28259644", "e3211925febe953b7bce86a8cb3cca98724aceee"}));

    /** Fashion-MNIST through DJL's {@code FashionMnist}. */
    public static final SampleDataset FASHION_MNIST = new SampleDataset("fashion-mnist", "Fashion-MNIST",
            SampleDataset.Kind.FASHION_MNIST, "fashmnist", "70,000: 60,000 training / 10,000 test", "28×28 px, grey",
            List.of("tshirt_top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag",
                    "ankle_boot"), null, "MIT (Zalando Research)", "https://github.com/zalandoresearch/fashion-mnist",
            "Grey product photos of clothes and shoes from Zalando. Small and easy: a model trained from scratch"
                    + " can beat a pretrained one here.",
            26_414_691L + 29_530L + 4_419_866L + 5_148L, Map.of(
                    "train-images-idx3-ubyte.gz", new String[] {"26414691", "c344e7bef3f82656d067053a4fa7620f08d3b429"},
                    "train-labels-idx1-ubyte.gz", new String[] {"29530", "aa91399451258c96d2c458acbb3528061b6be41d"},
                    "t10k-images-idx3-ubyte.gz", new String[] {"4419866", "b597952fd9c9385de6703d98a94cea0771f31f3c"},
                    "t10k-labels-idx1-ubyte.gz", new String[] {"5148", "2cf4b1366b92ba8ae4faa1f9d34d3e1ecacdb498"}));

    private static final String FRUITS_HOME =
            "https://www.kaggle.com/datasets/sriramr/fruits-fresh-and-rotten-for-classification";
    private static final String FRUITS_LICENCE = "not stated in DJL's repository; see the set's Kaggle page";

    /** The fresh-and-rotten fruit photos through DJL's {@code FruitsFreshAndRotten}. */
    public static final SampleDataset FRUITS = new SampleDataset("fruits", "Fruits fresh and rotten",
            SampleDataset.Kind.FRUITS, "fruit", "about 13,600 photos (Kaggle's count), split into training and test;"
                    + " counted exactly when fetched", "photos of different sizes", List.of(),
            "6, named by the archive's folders: fresh and rotten apples, bananas and oranges", FRUITS_LICENCE,
            FRUITS_HOME, "Photos of single fruits, fresh or rotten: a task close to real use, where pretrained"
                    + " features help most. DJL's transfer-learning example uses this set.", 0, Map.of());

    /** The small fruit subset DJL's TransferFreshFruit example trains on. */
    public static final SampleDataset FRUITS_SMALL = new SampleDataset("fruits-small", "Fruits fresh and rotten"
            + " (DJL's small subset)", SampleDataset.Kind.FRUITS, "fruit-unittest", "not published by DJL;"
                    + " counted exactly when fetched", "photos of different sizes", List.of(),
            "2 (fresh and rotten), named by the archive's folders", FRUITS_LICENCE, FRUITS_HOME,
            "The subset DJL's TransferFreshFruit example trains and reports on: use it to compare Graft's"
                    + " recipe with DJL's own.", 0, Map.of());

    /** Every set, in the order the list shows them. */
    public static final List<SampleDataset> ALL = List.of(EMOJI, FRUITS, FRUITS_SMALL, CIFAR10, FASHION_MNIST);

    private SampleDatasets() {}

    /**
     * Finds a set by id.
     *
     * @param id e.g. {@code cifar10}
     * @return the set
     */
    public static Optional<SampleDataset> find(String id) {
        return ALL.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** @return the folder of the bundled samples ({@value #SAMPLES_PROPERTY}, else {@code datasets-sample}) */
    public static Path bundledRoot() {
        return Path.of(System.getProperty(SAMPLES_PROPERTY, "datasets-sample")).toAbsolutePath().normalize();
    }

    /** @return where fetched sets are written: {@code datasets/} in Graft's data folder */
    public static Path dataRoot() {
        return RunLocations.dataHome().resolve("datasets");
    }
}
