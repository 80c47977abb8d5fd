package dev.graft.ui.training;

import dev.graft.core.data.DatasetWarnings;
import dev.graft.core.run.FieldType;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeBuilder;
import dev.graft.core.run.RecipeField;
import dev.graft.core.run.RecipeProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The recipe form: the fields of {@link #FIELDS} as text, read with each field's own type and
 * validated by the engine's own {@link Recipe#problems()} as they change (so the form and the command
 * line accept exactly the same values), every problem at once in the form's words. The other fields
 * come from a base recipe: the defaults, or a run's recipe after "Train again", so nothing a run
 * recorded is lost on the way back. {@link #recipe} builds the typed recipe a run trains with.
 */
public final class RecipeViewModel {

    /** The fields this form shows, in form order; labels and help come from {@link RecipeField}. */
    public static final List<RecipeField<?>> FIELDS = List.of(RecipeField.EPOCHS, RecipeField.BATCH_SIZE,
            RecipeField.LR, RecipeField.IMAGE_SIZE, RecipeField.VAL_FRACTION, RecipeField.SEED, RecipeField.DEVICE,
            RecipeField.AUGMENT);

    /**
     * Checkpoints a run started from the window keeps: each is a full model of several MB, and the
     * window's runs are many and rarely compared epoch by epoch.
     */
    public static final int KEEP_CHECKPOINTS = 3;

    private final Map<RecipeField<?>, StringProperty> text = new LinkedHashMap<>();
    private final Map<RecipeField<?>, ReadOnlyStringWrapper> fieldErrors = new LinkedHashMap<>();
    private final StringProperty runName = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper errors = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper sizeWarning = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper carried = new ReadOnlyStringWrapper("");
    private final BooleanBinding valid;
    private Recipe base = defaults();
    private Recipe current = base;
    private int medianImageSide;

    /** Creates the form with the engine's defaults. */
    public RecipeViewModel() {
        for (RecipeField<?> f : FIELDS) {
            fieldErrors.put(f, new ReadOnlyStringWrapper());
            text.put(f, new SimpleStringProperty(format(f, base)));
            text.get(f).addListener((o, a, b) -> validate());
        }
        valid = Bindings.createBooleanBinding(() -> errors.get().isEmpty(), errors);
        validate();
    }

    private static Recipe defaults() {
        return Recipe.builder().set(RecipeField.KEEP_CHECKPOINTS, KEEP_CHECKPOINTS).buildUnchecked();
    }

    private static <T> String format(RecipeField<T> field, Recipe recipe) {
        return field.type().format(field.of(recipe));
    }

    /** Reads every field's text, then asks the engine's recipe what is wrong with the values. */
    private void validate() {
        Map<RecipeField<?>, String> rules = new LinkedHashMap<>();
        RecipeBuilder b = base.toBuilder();
        for (RecipeField<?> f : FIELDS) {
            try {
                b.parse(f, text.get(f).get());
            } catch (FieldType.ParseException e) {
                rules.put(f, e.getMessage());
            }
        }
        current = b.buildUnchecked();
        for (RecipeProblem p : current.problems()) {
            rules.putIfAbsent(p.field(), p.rule());
        }
        List<String> lines = new ArrayList<>();
        for (RecipeField<?> f : FIELDS) {
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
     * The recipe a run trains with: this form over its base, with the dataset, the model and the
     * layer choice of the window.
     *
     * @param data the dataset folder
     * @param model the model reference
     * @param freeze the layer choice as {@link RecipeField#FREEZE} (null when {@code trainLast} is set)
     * @param trainLast the layer choice as {@link RecipeField#TRAIN_LAST}, or null
     * @return the recipe
     * @throws IllegalArgumentException when a field is wrong (see {@link #errorsProperty()})
     */
    public Recipe recipe(String data, String model, String freeze, Integer trainLast) {
        if (!errors.get().isEmpty()) {
            throw new IllegalArgumentException(errors.get());
        }
        RecipeBuilder b = current.toBuilder().set(RecipeField.DATA, data).set(RecipeField.MODEL, model);
        return (trainLast != null ? b.set(RecipeField.TRAIN_LAST, trainLast) : b.set(RecipeField.FREEZE, freeze))
                .build();
    }

    /**
     * Shows a run's recipe: the form's fields take its values, and every other field of it is kept for
     * the next run ("Train again with this recipe"). Its dataset, model and layer choice are the
     * caller's to apply.
     *
     * @param recipe the run's recipe
     */
    public void load(Recipe recipe) {
        base = recipe.toBuilder().set(RecipeField.KEEP_CHECKPOINTS, recipe.keepCheckpoints()).buildUnchecked();
        for (RecipeField<?> f : FIELDS) {
            text.get(f).set(format(f, base));
        }
        List<String> kept = new ArrayList<>();
        Recipe plain = defaults();
        for (RecipeField<?> f : RecipeField.ALL) {
            if (f.group() == RecipeField.Group.ADVANCED && !Objects.equals(f.of(base), f.of(plain))) {
                kept.add(f.label().toLowerCase(java.util.Locale.ROOT) + " " + textOf(f, base));
            }
        }
        carried.set(kept.isEmpty() ? "" : "Also from that run's recipe: " + String.join(", ", kept) + ".");
        validate();
    }

    /** Forgets a loaded run's other settings: the next run uses the defaults for them. */
    public void resetBase() {
        base = defaults();
        carried.set("");
        validate();
    }

    private static <T> String textOf(RecipeField<T> f, Recipe r) {
        return f.type().format(f.of(r));
    }

    /**
     * The text of one field of the form.
     *
     * @param field a field of {@link #FIELDS}
     * @return its text as typed ("true"/"false" for switches)
     */
    public StringProperty text(RecipeField<?> field) {
        return Objects.requireNonNull(text.get(field), () -> field + " is not on the form");
    }

    /**
     * The error of one field, in the form's words.
     *
     * @param field a field of {@link #FIELDS}
     * @return its problem, or null when the value is fine
     */
    public ReadOnlyStringProperty errorProperty(RecipeField<?> field) {
        return fieldErrors.get(field).getReadOnlyProperty();
    }

    /** @return the run's name as typed (blank: Graft names it after what it trains) */
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

    /** @return the advanced settings a loaded run's recipe carries beyond the form, in words; "" for none */
    public ReadOnlyStringProperty carriedProperty() {
        return carried.getReadOnlyProperty();
    }

    /** @return true when every field is valid */
    public BooleanBinding validBinding() {
        return valid;
    }

    /** @return the recipe as the form stands (defaults where a field is invalid; no dataset or model) */
    public Recipe current() {
        return current;
    }

    /** @return the seed (the default while the field is invalid) */
    public long seed() {
        return fieldErrors.get(RecipeField.SEED).get() == null ? current.seed() : base.seed();
    }

    /** @return the validation share (the default while the field is invalid) */
    public double valFraction() {
        return fieldErrors.get(RecipeField.VAL_FRACTION).get() == null ? current.valFraction() : base.valFraction();
    }

    /** @return the image size (the default while the field is invalid) */
    public int imageSize() {
        return fieldErrors.get(RecipeField.IMAGE_SIZE).get() == null ? current.imageSize() : base.imageSize();
    }
}
