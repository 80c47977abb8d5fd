package dev.graft.ui.training;

import dev.graft.core.data.DatasetWarnings;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeDefaults;
import dev.graft.core.run.RecipeField;
import dev.graft.core.run.RecipeProblem;
import java.util.ArrayList;
import java.util.EnumMap;
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
 * The recipe form: every field is text as typed, validated as it changes by the engine's own
 * {@link Recipe#problems()} (so the form and the command line accept exactly the same values),
 * every problem at once, each worded with the form's own label. {@link #toArgs()} gives the
 * worker's options.
 */
public final class RecipeViewModel {

    /** The fields this form shows, in form order. */
    public static final List<RecipeField> FIELDS = List.of(RecipeField.EPOCHS, RecipeField.BATCH_SIZE,
            RecipeField.LR, RecipeField.IMAGE_SIZE, RecipeField.VAL_FRACTION, RecipeField.SEED, RecipeField.DEVICE);

    private final StringProperty epochs = new SimpleStringProperty("" + RecipeDefaults.EPOCHS);
    private final StringProperty batchSize = new SimpleStringProperty("" + RecipeDefaults.BATCH_SIZE);
    private final StringProperty lr = new SimpleStringProperty(number(RecipeDefaults.LR));
    private final StringProperty imageSize = new SimpleStringProperty("" + RecipeDefaults.IMAGE_SIZE);
    private final StringProperty seed = new SimpleStringProperty("" + RecipeDefaults.SEED);
    private final StringProperty valFraction = new SimpleStringProperty(number(RecipeDefaults.VAL_FRACTION));
    private final BooleanProperty augment = new SimpleBooleanProperty(RecipeDefaults.AUGMENT);
    private final StringProperty device = new SimpleStringProperty(RecipeDefaults.DEVICE);
    private final StringProperty runName = new SimpleStringProperty("");
    private final Map<RecipeField, ReadOnlyStringWrapper> fieldErrors = new EnumMap<>(RecipeField.class);
    private final ReadOnlyStringWrapper errors = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper sizeWarning = new ReadOnlyStringWrapper();
    private final BooleanBinding valid;
    private int medianImageSide;

    /** Creates the form with the engine's defaults. */
    public RecipeViewModel() {
        for (RecipeField f : FIELDS) {
            fieldErrors.put(f, new ReadOnlyStringWrapper());
        }
        for (StringProperty p : List.of(epochs, batchSize, lr, imageSize, seed, valFraction, device)) {
            p.addListener((o, a, b) -> validate());
        }
        valid = Bindings.createBooleanBinding(() -> errors.get().isEmpty(), errors);
        validate();
    }

    private static String number(float v) {
        return Float.toString(v).replaceAll("\\.0$", "");
    }

    /** Parses every field, then asks the engine's recipe what is wrong with the values. */
    private void validate() {
        Map<RecipeField, String> rules = new EnumMap<>(RecipeField.class);
        Integer e = parseInt(epochs, RecipeField.EPOCHS, rules);
        Integer b = parseInt(batchSize, RecipeField.BATCH_SIZE, rules);
        Integer s = parseInt(imageSize, RecipeField.IMAGE_SIZE, rules);
        Float l = parseFloat(lr, RecipeField.LR, rules);
        Float v = parseFloat(valFraction, RecipeField.VAL_FRACTION, rules);
        Long sd = null;
        try {
            sd = Long.parseLong(seed.get().trim());
        } catch (RuntimeException ex) {
            rules.put(RecipeField.SEED, "must be a whole number");
        }
        Recipe r = new Recipe("form", RecipeDefaults.MODEL,
                RecipeDefaults.INIT, RecipeDefaults.FREEZE, null, e == null ? RecipeDefaults.EPOCHS : e,
                b == null ? RecipeDefaults.BATCH_SIZE : b, l == null ? RecipeDefaults.LR : l,
                RecipeDefaults.WEIGHT_DECAY, sd == null ? RecipeDefaults.SEED : sd,
                v == null ? RecipeDefaults.VAL_FRACTION : v, s == null ? RecipeDefaults.IMAGE_SIZE : s,
                augment.get(), List.of(), RecipeDefaults.DROPOUT, device.get(), RecipeDefaults.FEATURES,
                RecipeDefaults.MIRROR, RecipeDefaults.BACKBONE_LR_SCALE, RecipeDefaults.SCHEDULE, true,
                RecipeDefaults.WINDOW_KEEP_CHECKPOINTS, RecipeDefaults.VIEWS,
                RecipeDefaults.PROBE_EPOCHS, RecipeDefaults.BN_STATISTICS, RecipeDefaults.CLASS_WEIGHTS,
                RecipeDefaults.FEATURE_NOISE);
        for (RecipeProblem p : r.problems()) {
            rules.putIfAbsent(p.field(), p.rule());
        }
        List<String> lines = new ArrayList<>();
        for (RecipeField f : FIELDS) {
            String rule = rules.get(f);
            String message = rule == null ? null : new RecipeProblem(f, rule).forForm();
            fieldErrors.get(f).set(message);
            if (message != null) {
                lines.add(message);
            }
        }
        errors.set(String.join("\n", lines));
        updateSizeWarning();
    }

    private static Integer parseInt(StringProperty p, RecipeField f, Map<RecipeField, String> rules) {
        try {
            return Integer.parseInt(p.get().trim());
        } catch (RuntimeException ex) {
            rules.put(f, "must be a whole number");
            return null;
        }
    }

    private static Float parseFloat(StringProperty p, RecipeField f, Map<RecipeField, String> rules) {
        try {
            float x = Float.parseFloat(p.get().trim());
            if (!Float.isFinite(x)) {
                throw new NumberFormatException();
            }
            return x;
        } catch (RuntimeException ex) {
            rules.put(f, p.get().contains(",") ? "must be a number, with a decimal point (0.01, not 0,01)"
                    : "must be a number");
            return null;
        }
    }

    /**
     * Tells the form how large the open dataset's images are, for the upscaling warning.
     *
     * @param medianSide the images' typical shorter side (0: unknown or no dataset)
     */
    public void setMedianImageSide(int medianSide) {
        medianImageSide = medianSide;
        updateSizeWarning();
    }

    private void updateSizeWarning() {
        String w = null;
        if (fieldErrors.get(RecipeField.IMAGE_SIZE).get() == null) {
            w = DatasetWarnings.upscaling(medianImageSide, imageSize());
        }
        sizeWarning.set(w == null ? null : Character.toUpperCase(w.charAt(0)) + w.substring(1) + ".");
    }

    /**
     * The worker options for this recipe (dataset, model, freeze or train-last and run folder are
     * added by the caller).
     *
     * @return options
     */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of(RecipeField.EPOCHS.option(), epochs.get().trim(),
                RecipeField.BATCH_SIZE.option(), batchSize.get().trim(), RecipeField.LR.option(), lr.get().trim(),
                RecipeField.IMAGE_SIZE.option(), imageSize.get().trim(), RecipeField.SEED.option(), seed.get().trim(),
                RecipeField.VAL_FRACTION.option(), valFraction.get().trim(), RecipeField.DEVICE.option(),
                device.get()));
        if (augment.get()) {
            args.add("--augment");
        }
        // runs started from the window keep only the newest epoch checkpoints: a full model each
        args.add(RecipeField.KEEP_CHECKPOINTS.option());
        args.add("" + RecipeDefaults.WINDOW_KEEP_CHECKPOINTS);
        return args;
    }

    /**
     * The error of one field, in the form's words.
     *
     * @param field a field of {@link #FIELDS}
     * @return its problem, or null when the value is fine
     */
    public ReadOnlyStringProperty errorProperty(RecipeField field) {
        return fieldErrors.get(field).getReadOnlyProperty();
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

    /** @return the validation share text */
    public StringProperty valFractionProperty() {
        return valFraction;
    }

    /** @return augmentation switch */
    public BooleanProperty augmentProperty() {
        return augment;
    }

    /** @return auto, cpu, gpu or gpuN */
    public StringProperty deviceProperty() {
        return device;
    }

    /** @return the run's name as typed (blank: Graft names it after the recipe) */
    public StringProperty runNameProperty() {
        return runName;
    }

    /** @return every problem, one per line, in the form's words; empty when valid */
    public ReadOnlyStringProperty errorsProperty() {
        return errors.getReadOnlyProperty();
    }

    /** @return a warning when the image size is far above the dataset's images, else null */
    public ReadOnlyStringProperty sizeWarningProperty() {
        return sizeWarning.getReadOnlyProperty();
    }

    /** @return true when every field is valid */
    public BooleanBinding validBinding() {
        return valid;
    }

    /** @return the seed (the default while the field is invalid) */
    public long seed() {
        try {
            return Long.parseLong(seed.get().trim());
        } catch (RuntimeException e) {
            return RecipeDefaults.SEED;
        }
    }

    /** @return the validation share (the default while the field is invalid) */
    public double valFraction() {
        try {
            return Double.parseDouble(valFraction.get().trim());
        } catch (RuntimeException e) {
            return RecipeDefaults.VAL_FRACTION;
        }
    }

    /** @return the image size (the default while the field is invalid) */
    public int imageSize() {
        try {
            return Integer.parseInt(imageSize.get().trim());
        } catch (RuntimeException e) {
            return RecipeDefaults.IMAGE_SIZE;
        }
    }
}
