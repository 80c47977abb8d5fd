package dev.graft.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecipeViewModelTest {

    @Test
    void defaultsAreValidAndEveryBadFieldIsNamed() {
        RecipeViewModel vm = new RecipeViewModel();
        assertTrue(vm.validBinding().get());
        vm.epochsProperty().set("0");
        vm.lrProperty().set("fast");
        vm.valFractionProperty().set("0.95");
        assertFalse(vm.validBinding().get());
        String errors = vm.errorsProperty().get();
        assertTrue(errors.contains("Epochs must be between 1 and 10000"), errors);
        assertTrue(errors.contains("Learning rate must be a number"), errors);
        assertTrue(errors.contains("Validation fraction"), errors);
        vm.epochsProperty().set("3");
        vm.lrProperty().set("0.001");
        vm.valFractionProperty().set("0.25");
        assertTrue(vm.validBinding().get(), vm.errorsProperty().get());
        assertEquals("3", vm.toArgs().get(vm.toArgs().indexOf("--epochs") + 1));
        assertTrue(!vm.toArgs().contains("--augment"));
        vm.augmentProperty().set(true);
        assertTrue(vm.toArgs().contains("--augment"));
    }
}
