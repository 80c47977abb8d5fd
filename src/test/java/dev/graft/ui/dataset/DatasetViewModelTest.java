package dev.graft.ui.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.testing.TestData;
import dev.graft.ui.common.Background;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetViewModelTest {

    @TempDir
    Path tmp;

    @Test
    void scanShowsClassesSplitSkippedFilesAndWarnings() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 5, "animal", "food");
        Files.writeString(data.resolve("food/broken.png"), "not a png");
        DatasetViewModel vm = new DatasetViewModel(Background.sameThread());
        vm.open(data, 0.2, 42);
        assertEquals(2, vm.classes().size());
        assertEquals(5, vm.classes().get(0).images());
        assertEquals(5, vm.classes().get(0).samples().size());
        assertEquals(1, vm.skipped().size());
        assertNull(vm.errorProperty().get());
        assertTrue(vm.summaryProperty().get().contains("8 train / 2 validation"), vm.summaryProperty().get());
        assertTrue(vm.warnings().stream().anyMatch(w -> w.contains("only 5 images")));
        assertEquals(5, vm.classImages().size(), "the first class is shown in full");
        vm.selectedClassProperty().set(vm.classes().get(1));
        assertEquals(5, vm.classImages().size(), "every usable food image, not the broken file");
        assertTrue(vm.classImages().stream().noneMatch(p -> p.getFileName().toString().equals("broken.png")));
    }

    @Test
    void aSingleClassFolderIsAnErrorButStillListed() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 3, "animal");
        DatasetViewModel vm = new DatasetViewModel(Background.sameThread());
        vm.open(data, 0.2, 42);
        assertEquals(1, vm.classes().size());
        assertTrue(vm.errorProperty().get().contains("at least two"));
    }

    @Test
    void aOneImageClassIsCountedInTheSingularEverywhere() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 12, "animal", "food");
        TestData.emojiSubset(data, 1, "weather");
        DatasetViewModel vm = new DatasetViewModel(Background.sameThread());
        vm.open(data, 0.2, 42);
        java.util.List<String> texts = new java.util.ArrayList<>(vm.warnings());
        texts.addAll(vm.health());
        texts.add(vm.summaryProperty().get());
        vm.classes().forEach(c -> texts.add(ClassRow.class.getSimpleName() + " " + c.warning()));
        vm.reportProperty().get().classes().forEach(c -> texts.addAll(c.problems()));
        vm.reportProperty().get().warnings().forEach(texts::add);
        assertTrue(texts.stream().noneMatch(t -> t.matches("(?s).*\\b1 images\\b.*")), texts.toString());
        assertTrue(texts.stream().anyMatch(t -> t.contains("only 1 image")), texts.toString());
    }
}
