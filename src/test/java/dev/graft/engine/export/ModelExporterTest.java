package dev.graft.engine.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.net.ModelFolderWriter;
import org.junit.jupiter.api.Test;

/** The model folder names its DJL factories as text (the writer cannot see this package); they must be these classes. */
class ModelExporterTest {

    @Test
    void servingPropertiesNameTheFactoriesThatExist() {
        assertEquals(GraftBlockFactory.class.getName(), ModelFolderWriter.BLOCK_FACTORY);
        assertEquals(GraftTranslatorFactory.class.getName(), ModelFolderWriter.TRANSLATOR_FACTORY);
        assertTrue(ModelFolderWriter.servingProperties(new dev.graft.core.model.ArchitectureSpec(
                "mobilenet_v2", 224, java.util.List.of("a", "b"), java.util.List.of(), 0f, "imagenet", null, 0,
                null, java.util.List.of(), "none")).contains("blockFactory=" + GraftBlockFactory.class.getName()));
    }
}
