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

    @Test
    void aTeachableMachineExportIsImportedIntoTheDataFolderAndSelected() throws Exception {
        String old = System.getProperty(dev.graft.core.run.RunLocations.DATA_HOME_PROPERTY);
        System.setProperty(dev.graft.core.run.RunLocations.DATA_HOME_PROPERTY, tmp.resolve("home").toString());
        try {
            Path export = dev.graft.engine.net.keras.KerasTestFixtures.teachableMachine("v1-0.25",
                    Files.createDirectory(tmp.resolve("my-tm-project")));
            java.util.concurrent.Executor now = Runnable::run;
            ModelBrowserViewModel vm = new ModelBrowserViewModel(ModelCatalogue.entries(),
                    ZooService.of(dev.graft.engine.zoo.ZooDownloads.current()), now, now);
            java.util.List<String> said = new java.util.ArrayList<>();
            vm.add(export, said::add);
            String last = said.get(said.size() - 1);
            org.junit.jupiter.api.Assertions.assertTrue(last.startsWith("Imported my-tm-project (teachable-machine, 224"
                    + " px, its classes animal, food, vehicle kept)"), last);
            Path folder = Path.of(vm.selectedProperty().get().id());
            org.junit.jupiter.api.Assertions.assertTrue(folder.startsWith(tmp.resolve("home").resolve("models")));
            org.junit.jupiter.api.Assertions.assertTrue(Files.isRegularFile(folder.resolve("keras-model.json")));
            vm.add(export, said::add);
            org.junit.jupiter.api.Assertions.assertTrue(said.get(said.size() - 1).startsWith("Already imported"));
            vm.add(tmp.resolve("nothing-here.h5"), said::add);
            org.junit.jupiter.api.Assertions.assertTrue(said.get(said.size() - 1).startsWith("Not found"),
                    said.get(said.size() - 1));
        } finally {
            if (old == null) {
                System.clearProperty(dev.graft.core.run.RunLocations.DATA_HOME_PROPERTY);
            } else {
                System.setProperty(dev.graft.core.run.RunLocations.DATA_HOME_PROPERTY, old);
            }
        }
    }
}
