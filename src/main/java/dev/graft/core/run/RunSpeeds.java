package dev.graft.core.run;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How fast this machine ran each kind of recipe, remembered between runs in {@code speeds.json} in
 * Graft's data folder, so a run's whole time can be estimated before Train is pressed. A run's cost
 * grows with its images in a straight line (one pass through the frozen stages, then epochs over the
 * training images), so three numbers per kind of recipe are enough; the kind is what changes the cost
 * per image (see {@link #COST_FIELDS}), not the dataset, the seed or the epochs.
 *
 * <p>The file is a cache: a missing, damaged or unreadable file means "no estimate yet", never an
 * error, and every finished run replaces its kind's entry with its own measurement.
 */
public final class RunSpeeds {

    /** The file's name in the data folder. */
    public static final String FILE = "speeds.json";

    /** The recipe fields that change the time per image; two recipes alike in these cost alike. */
    static final List<RecipeField<?>> COST_FIELDS = List.of(RecipeField.MODEL, RecipeField.IMAGE_SIZE,
            RecipeField.FREEZE, RecipeField.TRAIN_LAST, RecipeField.FEATURES, RecipeField.AUGMENT, RecipeField.MIRROR,
            RecipeField.VIEWS, RecipeField.FEATURE_CACHE, RecipeField.BATCH_SIZE, RecipeField.DEVICE,
            RecipeField.BN_STATISTICS, RecipeField.HEAD_HIDDEN);

    /**
     * One measured run.
     *
     * @param fixedSeconds from the worker's start to its first pass (loading the model and the images' list)
     * @param passSecondsPerImage the pass through the frozen stages, per image of the dataset (its
     *     views included); 0 when the recipe has no such pass
     * @param epochSecondsPerImage one epoch (validation and checkpoint included) per training image
     * @param images the images of the run that measured it (training + validation)
     */
    public record Speed(double fixedSeconds, double passSecondsPerImage, double epochSecondsPerImage, int images) {

        /**
         * The whole run's time.
         *
         * @param train training images
         * @param validation validation images
         * @param epochs epochs
         * @return seconds
         */
        public double seconds(int train, int validation, int epochs) {
            return fixedSeconds + passSecondsPerImage * (train + validation) + epochSecondsPerImage * epochs * train;
        }

        boolean plausible() {
            return Double.isFinite(fixedSeconds) && fixedSeconds >= 0 && Double.isFinite(passSecondsPerImage)
                    && passSecondsPerImage >= 0 && Double.isFinite(epochSecondsPerImage) && epochSecondsPerImage > 0
                    && images > 0;
        }
    }

    private final Path file;

    /**
     * @param file the speeds file
     */
    public RunSpeeds(Path file) {
        this.file = file;
    }

    /** @return the user's speeds, in Graft's data folder */
    public static RunSpeeds user() {
        return new RunSpeeds(RunLocations.dataHome().resolve(FILE));
    }

    /**
     * The kind of a recipe: the values of its {@link #COST_FIELDS}.
     *
     * @param recipe a recipe
     * @return its key in the file
     */
    public static String kind(Recipe recipe) {
        return COST_FIELDS.stream().map(f -> f.name() + "=" + format(f, recipe)).collect(Collectors.joining(" "));
    }

    private static <T> String format(RecipeField<T> f, Recipe recipe) {
        T value = f.of(recipe);
        return value == null ? "" : f.type().format(value);
    }

    /**
     * The last measurement of a recipe's kind.
     *
     * @param recipe the recipe
     * @return its speed, or null when none was measured (or the file cannot be read)
     */
    public Speed of(Recipe recipe) {
        Speed s = read().get(kind(recipe));
        return s != null && s.plausible() ? s : null;
    }

    /**
     * Remembers a measurement, replacing the kind's earlier one. Failing to write is not a reason to
     * fail a run: the caller ignores the exception (the estimate is a convenience).
     *
     * @param recipe the recipe that ran
     * @param speed what it measured
     * @throws IOException when the file cannot be written
     */
    public synchronized void record(Recipe recipe, Speed speed) throws IOException {
        if (!speed.plausible()) {
            return;
        }
        Map<String, Speed> all = read();
        all.put(kind(recipe), speed);
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.writeString(file, Json.PRETTY.toJson(all));
    }

    private Map<String, Speed> read() {
        Map<String, Speed> all = new TreeMap<>();
        try {
            if (!Files.isRegularFile(file)) {
                return all;
            }
            JsonObject root = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            for (var e : root.entrySet()) {
                try {
                    all.put(e.getKey(), Json.COMPACT.fromJson(e.getValue(), Speed.class));
                } catch (RuntimeException damagedEntry) {
                    // one damaged entry costs its own estimate, not the others'
                }
            }
        } catch (IOException | RuntimeException damaged) {
            all.clear(); // a damaged file is a cache miss; the next run writes a good one
        }
        return all;
    }

    /**
     * A whole run's estimate in words, for the window and the command line.
     *
     * @param speed the measurement, or null
     * @param train training images
     * @param validation validation images
     * @param epochs epochs
     * @return e.g. "about 14 min (this recipe ran at this speed on 2,000 images on this machine)", or
     *     null without a measurement
     */
    public static String describe(Speed speed, int train, int validation, int epochs) {
        if (speed == null) {
            return null;
        }
        double s = speed.seconds(train, validation, epochs);
        return "about " + roughly(s) + String.format(Locale.ROOT,
                " (measured on this machine in an earlier run of this recipe on %,d images)", speed.images());
    }

    /**
     * The whole run's time left during its pass through the frozen stages, after the pass's own ETA.
     *
     * @param speed the remembered speed of the run's kind, or null
     * @param passLeft the pass's seconds left, or null while unknown
     * @param epochs the run's epochs
     * @param trainImages its training images
     * @return " · whole run about 12 min left", or "" when it cannot be said
     */
    public static String wholeRunLeft(Speed speed, Double passLeft, int epochs, int trainImages) {
        if (speed == null || passLeft == null || trainImages <= 0) {
            return "";
        }
        return " · whole run about " + roughly(passLeft + speed.epochSecondsPerImage() * epochs * trainImages)
                + " left";
    }

    /**
     * A duration as people say it: "40 s", "14 min", "2 h 10 min".
     *
     * @param seconds seconds
     * @return the words
     */
    public static String roughly(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return Math.max(1, s) + " s";
        }
        long min = Math.round(seconds / 60);
        if (min < 120) {
            return min + " min";
        }
        return min / 60 + " h " + min % 60 + " min";
    }
}
