package dev.graft.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The field table and the recipe record describe the same fields, and the table's rules are the recipe's. */
class RecipeFieldTest {

    @Test
    void everyComponentOfTheRecipeHasExactlyOneFieldOfItsType() {
        RecordComponent[] components = Recipe.class.getRecordComponents();
        assertEquals(components.length, RecipeField.ALL.size(), "one field per component");
        Set<String> options = new HashSet<>();
        for (RecordComponent c : components) {
            RecipeField<?> f = RecipeField.named(c.getName());
            assertNotNull(f, c.getName() + " has no field");
            assertEquals(c.getType(), f.type().javaType(), c.getName());
            assertTrue(options.add(f.option()), "one option per field: " + f.option());
            assertTrue(!f.label().isBlank() && !f.help().isBlank(), f + " has a label and help");
        }
    }

    @Test
    void theDefaultsAreAValidRecipeAndEachFieldReadsItsOwnValue() {
        Recipe defaults = Recipe.builder("/data").build();
        for (RecipeField<?> f : RecipeField.ALL) {
            if (f != RecipeField.DATA) {
                assertEquals(f.defaultValue(), f.of(defaults), f.toString());
            }
        }
        assertEquals(List.of(), defaults.problems());
    }

    @Test
    void rangesAreCheckedByTheTableAndWordedOnce() {
        Recipe r = Recipe.builder("/d").set(RecipeField.EPOCHS, 0).set(RecipeField.LR, 20f)
                .set(RecipeField.VAL_FRACTION, 0.95f).set(RecipeField.SCHEDULE, "weekly")
                .set(RecipeField.HEAD_HIDDEN, List.of(0)).set(RecipeField.DEVICE, "tpu")
                .set(RecipeField.KEEP_CHECKPOINTS, -1).buildUnchecked();
        List<String> p = r.problems().stream().map(RecipeProblem::forCommandLine).toList();
        assertEquals(List.of("--epochs must be between 1 and 10000: 0", "--lr must be above 0 and below 10: 20",
                "--val-fraction must be at least 0 and below 0.9: 0.95",
                "--device must be auto, cpu, gpu or gpuN (a GPU's number), not 'tpu'",
                "--keep-checkpoints must not be negative: -1", "--schedule must be cosine or fixed, not 'weekly'",
                "--head-hidden sizes must be between 1 and 65536: 0"), p);
        assertEquals("--data is required", Recipe.builder().buildUnchecked().problems().get(0).forCommandLine());
    }

    @Test
    void textIsReadWithTheFieldsType() {
        assertEquals(0.0001f, RecipeField.WEIGHT_DECAY.type().parse("1e-4"));
        assertEquals("0.0001", RecipeField.WEIGHT_DECAY.type().format(0.0001f), "written as a user writes it");
        assertEquals(List.of(256, 128), RecipeField.HEAD_HIDDEN.type().parse("256, 128"));
        assertNull(RecipeField.TRAIN_LAST.type().parse(""));
        assertEquals("must be a number, with a decimal point (0.01, not 0,01)", message(() ->
                RecipeField.LR.type().parse("0,01")));
        assertEquals("must be a whole number", message(() -> RecipeField.EPOCHS.type().parse("3.5")));
    }

    @Test
    void freezeAndTrainLastAreOneChoice() {
        Recipe last = Recipe.builder("/d").set(RecipeField.FREEZE, "none").set(RecipeField.TRAIN_LAST, 2).build();
        assertEquals(2, last.trainLast());
        assertNull(last.freeze());
        Recipe frozen = last.toBuilder().set(RecipeField.FREEZE, "backbone").build();
        assertNull(frozen.trainLast());
        assertEquals("backbone", frozen.freeze());
        assertEquals("auto", Recipe.builder("/d").set(RecipeField.TRAIN_LAST, null).build().freeze());
    }

    private static String message(Runnable r) {
        try {
            r.run();
            return null;
        } catch (FieldType.ParseException e) {
            return e.getMessage();
        }
    }
}
