package dev.graft.ui.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.engine.catalogue.ModelCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBrowserViewModelTest {

    @TempDir
    Path tmp;

    @Test
    void searchFiltersCardsAndLocalModelsCanBeAdded() throws Exception {
        ModelBrowserViewModel vm = new ModelBrowserViewModel(ModelCatalogue.entries());
        assertEquals("mobilenet_v2", vm.selectedProperty().get().id());
        int all = vm.visibleModels().size();
        vm.searchProperty().set("resnet 50");
        assertEquals(1, vm.visibleModels().size());
        vm.searchProperty().set("");
        assertEquals(all, vm.visibleModels().size());
        Path pt = Files.writeString(tmp.resolve("mine.pt"), "x");
        vm.addLocal(pt);
        assertEquals(all + 1, vm.visibleModels().size());
        assertEquals("mine.pt", vm.selectedProperty().get().name());
        assertThrows(IllegalArgumentException.class, () -> vm.addLocal(tmp.resolve("missing.pt")));
    }
}
