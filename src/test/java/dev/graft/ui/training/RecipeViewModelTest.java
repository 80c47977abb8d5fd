package dev.graft.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.RecipeDefaults;
import dev.graft.core.run.RecipeField;
import org.junit.jupiter.api.Test;

/** The recipe form, without a toolkit: the engine's rules, every problem at once, the form's words. */
class RecipeViewModelTest {

    @Test
    void startsFromTheEnginesDefaults() {
        RecipeViewModel vm = new RecipeViewModel();
        assertTrue(vm.validBinding().get(), vm.errorsProperty().get());
        assertEquals("" + RecipeDefaults.EPOCHS, vm.epochsProperty().get());
        assertEquals("" + RecipeDefaults.IMAGE_SIZE, vm.imageSizeProperty().get());
        assertEquals(RecipeDefaults.LR, Float.parseFloat(vm.lrProperty().get()));
        assertEquals(RecipeDefaults.VAL_FRACTION, Float.parseFloat(vm.valFractionProperty().get()));
    }

    @Test
    void everyBadFieldIsNamedAtOnceInTheFormsWords() {
        RecipeViewModel vm = new RecipeViewModel();
        vm.epochsProperty().set("0");
        vm.lrProperty().set("fast");
        vm.valFractionProperty().set("0.95");
        vm.imageSizeProperty().set("12");
        assertFalse(vm.validBinding().get());
        assertEquals("Epochs must be between 1 and 10000: 0", vm.errorProperty(RecipeField.EPOCHS).get());
        assertEquals("Learning rate must be a number", vm.errorProperty(RecipeField.LR).get());
        assertEquals("Validation share must be at least 0 and below 0.9: 0.95",
                vm.errorProperty(RecipeField.VAL_FRACTION).get());
        assertEquals("Image size must be between 32 and 1024: 12", vm.errorProperty(RecipeField.IMAGE_SIZE).get());
        assertNull(vm.errorProperty(RecipeField.BATCH_SIZE).get());
        vm.lrProperty().set("0,01");
        assertEquals("Learning rate must be a number, with a decimal point (0.01, not 0,01)",
                vm.errorProperty(RecipeField.LR).get(), "a decimal comma is named");
        String all = vm.errorsProperty().get();
        assertEquals(4, all.lines().count(), all);
        assertFalse(all.contains("--"), "no command-line words in the form: " + all);

        vm.epochsProperty().set("3");
        vm.lrProperty().set("0.001");
        vm.valFractionProperty().set("0.25");
        vm.imageSizeProperty().set("64");
        assertTrue(vm.validBinding().get(), vm.errorsProperty().get());
        assertEquals("3", vm.toArgs().get(vm.toArgs().indexOf("--epochs") + 1));
        assertFalse(vm.toArgs().contains("--augment"));
        vm.augmentProperty().set(true);
        assertTrue(vm.toArgs().contains("--augment"));
    }

    @Test
    void warnsWhenTheImageSizeIsFarAboveTheImagesOwn() {
        RecipeViewModel vm = new RecipeViewModel();
        vm.setMedianImageSide(64);
        assertNull(vm.sizeWarningProperty().get(), "the emoji sample at 224 px is fine");
        vm.setMedianImageSide(28);
        String w = vm.sizeWarningProperty().get();
        assertTrue(w != null && w.contains("about 28 px") && w.contains("upscaled 8×") && w.contains("96 px"), w);
        vm.imageSizeProperty().set("96");
        assertNull(vm.sizeWarningProperty().get());
    }
}
