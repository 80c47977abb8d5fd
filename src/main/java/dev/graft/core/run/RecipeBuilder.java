package dev.graft.core.run;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way to make a {@link Recipe}: starts from every field's default ({@link RecipeField}),
 * takes values field by field, and builds the record. The command line, the window, {@code
 * recipe.json}, the benches and the tests all build recipes here.
 *
 * <p>{@link RecipeField#FREEZE} and {@link RecipeField#TRAIN_LAST} are two ways to say one thing
 * (what trains): setting one clears the other.
 */
public final class RecipeBuilder {

    private final Map<RecipeField<?>, Object> values = new LinkedHashMap<>();

    RecipeBuilder() {
        for (RecipeField<?> field : RecipeField.ALL) {
            values.put(field, field.defaultValue());
        }
    }

    /**
     * Sets a field.
     *
     * @param field the field
     * @param value its value (null: not set, for optional fields; the default for others)
     * @param <T> its type
     * @return this
     */
    public <T> RecipeBuilder set(RecipeField<T> field, T value) {
        values.put(field, value);
        if (value != null && field == RecipeField.TRAIN_LAST) {
            values.put(RecipeField.FREEZE, null);
        } else if (value != null && field == RecipeField.FREEZE) {
            values.put(RecipeField.TRAIN_LAST, null);
        }
        return this;
    }

    /**
     * Sets a field from text as a user typed it.
     *
     * @param field the field
     * @param text the text
     * @param <T> its type
     * @return this
     * @throws FieldType.ParseException with the rule the text breaks
     */
    public <T> RecipeBuilder parse(RecipeField<T> field, String text) {
        return set(field, field.type().parse(text));
    }

    /**
     * A field's current value.
     *
     * @param field the field
     * @param <T> its type
     * @return the value
     */
    @SuppressWarnings("unchecked")
    public <T> T get(RecipeField<T> field) {
        return (T) values.get(field);
    }

    /**
     * Takes every field of a recipe.
     *
     * @param recipe the recipe
     * @return this
     */
    public RecipeBuilder setAll(Recipe recipe) {
        for (RecipeField<?> field : RecipeField.ALL) {
            values.put(field, field.of(recipe));
        }
        return this;
    }

    /**
     * The recipe, checked.
     *
     * @return the recipe
     * @throws IllegalArgumentException listing every problem in command-line words
     */
    public Recipe build() {
        return buildUnchecked().requireValid();
    }

    /**
     * The recipe, even when some values are out of range (the form shows what is wrong with it).
     *
     * @return the recipe; see {@link Recipe#problems()}
     */
    public Recipe buildUnchecked() {
        RecordComponent[] components = Recipe.class.getRecordComponents();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecipeField<?> field = RecipeField.named(components[i].getName());
            Object value = values.get(field);
            // a primitive component cannot take null: an unset number is its default
            args[i] = value == null && components[i].getType().isPrimitive() ? field.defaultValue() : value;
        }
        try {
            Constructor<Recipe> canonical = Recipe.class.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Recipe and RecipeField disagree: " + e.getMessage(), e);
        }
    }

    /**
     * Fields that differ from their defaults, as {@code option value} pairs for messages.
     *
     * @return e.g. {@code ["--views 4"]}
     */
    public List<String> changedFromDefaults() {
        return RecipeField.ALL.stream().filter(f -> !java.util.Objects.equals(values.get(f), f.defaultValue()))
                .map(f -> f.option() + " " + text(f)).toList();
    }

    @SuppressWarnings("unchecked")
    private <T> String text(RecipeField<T> field) {
        return field.type().format((T) values.get(field));
    }
}
