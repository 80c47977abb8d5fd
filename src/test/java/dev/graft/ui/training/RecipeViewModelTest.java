package dev.graft.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeDefaults;
import dev.graft.core.run.RecipeField;
import org.junit.jupiter.api.Test;

/** The recipe form, without a toolkit: the engine's rules, every problem at once, the form's words. */
class RecipeViewModelTest {

    @Test
    void startsFromTheEnginesDefaults() {
        RecipeViewModel vm = new RecipeViewModel();
        assertTrue(vm.validBinding().get(), vm.errorsProperty().get());
        assertEquals("" + RecipeDefaults.EPOCHS, vm.text(RecipeField.EPOCHS).get());
        assertEquals("" + RecipeDefaults.IMAGE_SIZE, vm.text(RecipeField.IMAGE_SIZE).get());
        assertEquals(RecipeDefaults.LR, Float.parseFloat(vm.text(RecipeField.LR).get()));
        assertEquals(RecipeDefaults.VAL_FRACTION, Float.parseFloat(vm.text(RecipeField.VAL_FRACTION).get()));
    }

    @Test
    void everyBadFieldIsNamedAtOnceInTheFormsWords() {
        RecipeViewModel vm = new RecipeViewModel();
        vm.text(RecipeField.EPOCHS).set("0");
        vm.text(RecipeField.LR).set("fast");
        vm.text(RecipeField.VAL_FRACTION).set("0.95");
        vm.text(RecipeField.IMAGE_SIZE).set("12");
        assertFalse(vm.validBinding().get());
        assertEquals("Epochs must be between 1 and 10000: 0", vm.errorProperty(RecipeField.EPOCHS).get());
        assertEquals("Learning rate must be a number", vm.errorProperty(RecipeField.LR).get());
        assertEquals("Validation share must be at least 0 and below 0.9: 0.95",
                vm.errorProperty(RecipeField.VAL_FRACTION).get());
        assertEquals("Image size must be between 32 and 1024: 12", vm.errorProperty(RecipeField.IMAGE_SIZE).get());
        assertNull(vm.errorProperty(RecipeField.BATCH_SIZE).get());
        vm.text(RecipeField.LR).set("0,01");
        assertEquals("Learning rate must be a number, with a decimal point (0.01, not 0,01)",
                vm.errorProperty(RecipeField.LR).get(), "a decimal comma is named");
        String all = vm.errorsProperty().get();
        assertEquals(4, all.lines().count(), all);
        assertFalse(all.contains("--"), "no command-line words in the form: " + all);

        vm.text(RecipeField.EPOCHS).set("3");
        vm.text(RecipeField.LR).set("0.001");
        vm.text(RecipeField.VAL_FRACTION).set("0.25");
        vm.text(RecipeField.IMAGE_SIZE).set("64");
        assertTrue(vm.validBinding().get(), vm.errorsProperty().get());
        Recipe recipe = vm.recipe("/data", "mobilenet_v2", null, 2);
        assertEquals(3, recipe.epochs());
        assertEquals(0.001f, recipe.lr());
        assertEquals(2, recipe.trainLast());
        assertFalse(recipe.augment());
        assertEquals(RecipeViewModel.KEEP_CHECKPOINTS, recipe.keepCheckpoints(), "the window keeps a few checkpoints");
        vm.text(RecipeField.AUGMENT).set("true");
        assertTrue(vm.recipe("/data", "mobilenet_v2", "backbone", null).augment());
    }

    @Test
    void aLoadedRecipeFillsTheFormAndKeepsItsOtherSettingsForTheNextRun() {
        RecipeViewModel vm = new RecipeViewModel();
        Recipe run = Recipe.builder("/old").set(RecipeField.EPOCHS, 7).set(RecipeField.VIEWS, 4)
                .set(RecipeField.DROPOUT, 0.5f).set(RecipeField.SEED, 3L).build();
        vm.load(run);
        assertEquals("7", vm.text(RecipeField.EPOCHS).get());
        assertEquals("3", vm.text(RecipeField.SEED).get());
        assertTrue(vm.carriedProperty().get().contains("augmented views per image 4"), vm.carriedProperty().get());
        assertTrue(vm.carriedProperty().get().contains("dropout 0.5"), vm.carriedProperty().get());
        Recipe again = vm.recipe("/new", "mobilenet_v2", "auto", null);
        assertEquals(4, again.views(), "a setting the form does not show is kept, not reset to its default");
        assertEquals(0.5f, again.dropout());
        assertEquals("/new", again.data());
        vm.resetBase();
        assertEquals(0, vm.recipe("/new", "mobilenet_v2", "auto", null).views());
        assertEquals("", vm.carriedProperty().get());
    }

    @Test
    void theFormIsMadeFromTheRecipesFieldTable() {
        for (RecipeField<?> f : RecipeViewModel.FIELDS) {
            assertTrue(RecipeField.ALL.contains(f), f + " is a recipe field");
            assertEquals(defaultText(f), new RecipeViewModel().text(f).get(), f + " starts at the recipe's default");
        }
    }

    private static <T> String defaultText(RecipeField<T> f) {
        return f.type().format(f.defaultValue());
    }

    @Test
    void warnsWhenTheImageSizeIsFarAboveTheImagesOwn() {
        RecipeViewModel vm = new RecipeViewModel();
        vm.setMedianImageSide(64);
        assertNull(vm.sizeWarningProperty().get(), "the emoji sample at 224 px is fine");
        vm.setMedianImageSide(28);
        String w = vm.sizeWarningProperty().get();
        assertTrue(w != null && w.contains("about 28 px") && w.contains("upscaled 8×") && w.contains("96 px"), w);
        vm.text(RecipeField.IMAGE_SIZE).set("96");
        assertNull(vm.sizeWarningProperty().get());
    }
}
