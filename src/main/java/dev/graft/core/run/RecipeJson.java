package dev.graft.core.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.graft.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A recipe as a run folder's {@code recipe.json}: what the training process trains from, and what
 * {@code graft train --recipe} and the window's "Train again" read back. A file written by an older
 * Graft lacks newer fields; they take their defaults.
 */
public final class RecipeJson {

    private RecipeJson() {}

    /**
     * The file's text for a recipe.
     *
     * @param recipe the recipe
     * @return pretty JSON, one field a line
     */
    public static String write(Recipe recipe) {
        return Json.PRETTY.toJson(recipe);
    }

    /**
     * Reads a recipe file into a builder, so command-line options can still change fields.
     *
     * @param file a {@code recipe.json}
     * @return a builder holding the file's values (defaults for fields it lacks)
     * @throws IOException if the file cannot be read or is not a recipe, naming the field
     */
    public static RecipeBuilder read(Path file) throws IOException {
        try {
            return parse(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a valid recipe: " + e.getMessage(), e);
        }
    }

    /**
     * Parses a recipe's JSON into a builder.
     *
     * @param json the text
     * @return a builder holding its values (defaults for fields it lacks)
     * @throws IllegalArgumentException naming the field that is wrong, or a key that is no field
     */
    public static RecipeBuilder parse(String json) {
        return parse(json, true);
    }

    /**
     * Parses a recipe's JSON, passing over keys that are no field (a run folder of another version).
     *
     * @param json the text
     * @return a builder holding its values (defaults for fields it lacks)
     * @throws IllegalArgumentException naming the field whose value is wrong
     */
    public static RecipeBuilder parseLenient(String json) {
        return parse(json, false);
    }

    private static RecipeBuilder parse(String json, boolean strict) {
        JsonObject object;
        try {
            object = JsonParser.parseString(json).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("it is not a JSON object", e);
        }
        RecipeBuilder builder = Recipe.builder();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonElement> e : object.entrySet()) {
            RecipeField<?> field = RecipeField.named(e.getKey());
            if (field == null) {
                unknown.add(e.getKey());
                continue;
            }
            set(builder, field, e.getValue());
        }
        if (strict && !unknown.isEmpty()) {
            throw new IllegalArgumentException("no recipe field is called " + String.join(", ", unknown));
        }
        return builder;
    }

    private static <T> void set(RecipeBuilder builder, RecipeField<T> field, JsonElement value) {
        String text;
        if (value.isJsonNull()) {
            builder.set(field, null);
            return;
        } else if (value.isJsonArray()) {
            List<String> parts = new ArrayList<>();
            value.getAsJsonArray().forEach(v -> parts.add(v.getAsString()));
            text = String.join(",", parts);
        } else if (value.isJsonPrimitive()) {
            text = value.getAsString();
        } else {
            throw new IllegalArgumentException(field.name() + " must be a value, not an object");
        }
        try {
            builder.parse(field, text);
        } catch (FieldType.ParseException e) {
            throw new IllegalArgumentException(field.name() + " " + e.getMessage(), e);
        }
    }
}
