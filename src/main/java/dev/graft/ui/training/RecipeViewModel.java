package dev.graft.ui.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The recipe form: every field is text as typed, validated as it changes, with the engine's own
 * ranges. {@link #toArgs()} gives the worker's options.
 */
public final class RecipeViewModel {

    private final StringProperty epochs = new SimpleStringProperty("30");
    private final StringProperty batchSize = new SimpleStringProperty("32");
    private final StringProperty lr = new SimpleStringProperty("0.01");
    private final StringProperty imageSize = new SimpleStringProperty("224");
    private final StringProperty seed = new SimpleStringProperty("42");
    private final StringProperty valFraction = new SimpleStringProperty("0.2");
    private final BooleanProperty augment = new SimpleBooleanProperty(false);
    private final StringProperty device = new SimpleStringProperty("auto");
    private final ReadOnlyStringWrapper errors = new ReadOnlyStringWrapper("");
    private final BooleanBinding valid;

    /** Creates the form with the engine's defaults. */
    public RecipeViewModel() {
        for (StringProperty p : List.of(epochs, batchSize, lr, imageSize, seed, valFraction, device)) {
            p.addListener((o, a, b) -> errors.set(validate()));
        }
        valid = Bindings.createBooleanBinding(() -> errors.get().isEmpty(), errors);
    }

    /** @return every problem, one per line; empty when valid */
    String validate() {
        Map<String, String> problems = new LinkedHashMap<>();
        integer(problems, "Epochs", epochs.get(), 1, 10_000);
        integer(problems, "Batch size", batchSize.get(), 1, 4096);
        integer(problems, "Image size", imageSize.get(), 32, 1024);
        number(problems, "Learning rate", lr.get(), 1e-7, 10, false);
        number(problems, "Validation fraction", valFraction.get(), 0, 0.9, true);
        try {
            Long.parseLong(seed.get().trim());
        } catch (RuntimeException e) {
            problems.put("Seed", "Seed must be a whole number");
        }
        if (!List.of("auto", "cpu", "gpu").contains(device.get())) {
            problems.put("Device", "Device must be auto, cpu or gpu");
        }
        return String.join("\n", problems.values());
    }

    private static void integer(Map<String, String> problems, String name, String text, int min, int max) {
        try {
            int v = Integer.parseInt(text.trim());
            if (v < min || v > max) {
                problems.put(name, name + " must be between " + min + " and " + max);
            }
        } catch (RuntimeException e) {
            problems.put(name, name + " must be a whole number");
        }
    }

    private static void number(Map<String, String> problems, String name, String text, double min, double max,
            boolean minInclusive) {
        try {
            double v = Double.parseDouble(text.trim());
            boolean low = minInclusive ? v < min : v <= min;
            if (low || v >= max || Double.isNaN(v)) {
                problems.put(name, name + " must be " + (minInclusive ? "at least " : "above ") + min
                        + " and below " + max);
            }
        } catch (RuntimeException e) {
            problems.put(name, name + " must be a number");
        }
    }

    /**
     * The worker options for this recipe (dataset, model, freeze and output are added by the caller).
     *
     * @return options
     */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of("--epochs", epochs.get().trim(), "--batch-size",
                batchSize.get().trim(), "--lr", lr.get().trim(), "--image-size", imageSize.get().trim(), "--seed",
                seed.get().trim(), "--val-fraction", valFraction.get().trim(), "--device", device.get()));
        if (augment.get()) {
            args.add("--augment");
        }
        // runs started from the window keep the newest 3 epoch checkpoints: a full model each
        args.add("--keep-checkpoints");
        args.add("3");
        return args;
    }

    /** @return epochs text */
    public StringProperty epochsProperty() {
        return epochs;
    }

    /** @return batch size text */
    public StringProperty batchSizeProperty() {
        return batchSize;
    }

    /** @return learning rate text */
    public StringProperty lrProperty() {
        return lr;
    }

    /** @return image size text */
    public StringProperty imageSizeProperty() {
        return imageSize;
    }

    /** @return seed text */
    public StringProperty seedProperty() {
        return seed;
    }

    /** @return validation fraction text */
    public StringProperty valFractionProperty() {
        return valFraction;
    }

    /** @return augmentation switch */
    public BooleanProperty augmentProperty() {
        return augment;
    }

    /** @return auto, cpu or gpu */
    public StringProperty deviceProperty() {
        return device;
    }

    /** @return validation problems, one per line */
    public ReadOnlyStringProperty errorsProperty() {
        return errors.getReadOnlyProperty();
    }

    /** @return true when every field is valid */
    public BooleanBinding validBinding() {
        return valid;
    }

    /** @return the seed as a number (valid recipes only) */
    public long seed() {
        return Long.parseLong(seed.get().trim());
    }

    /** @return the validation fraction (valid recipes only) */
    public double valFraction() {
        return Double.parseDouble(valFraction.get().trim());
    }

    /** @return the image size (valid recipes only) */
    public int imageSize() {
        return Integer.parseInt(imageSize.get().trim());
    }
}
