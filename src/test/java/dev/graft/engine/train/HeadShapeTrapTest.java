package dev.graft.engine.train;

import dev.graft.core.run.RecipeField;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.util.Json;
import dev.graft.engine.net.LoadedNet;
import dev.graft.core.model.ModelFiles;
import dev.graft.engine.net.NetLoader;
import dev.graft.testing.TestData;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/models.md, "The head-shape check": 3-class parameters loaded into a 4-class network must fail, not shrink the model. */
class HeadShapeTrapTest {

    @TempDir
    Path tmp;

    @Test
    void loadingAThreeClassCheckpointIntoFourClassesFails() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 4, "animal", "food", "vehicle");
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.EPOCHS, 1).build(), tmp.resolve("run"));
        Path model = tmp.resolve("run/model");
        ArchitectureSpec three = NetLoader.readSpec(model.resolve(ModelFiles.SPEC));
        ArchitectureSpec four = three.withHead(List.of("animal", "food", "vehicle", "weather"), List.of(),
                three.dropout(), three.imageSize());
        try (LoadedNet net = NetLoader.create(four, null, Device.cpu(), null);
                InputStream in = Files.newInputStream(model.resolve(ModelFiles.PARAMS))) {
            MalformedModelException e = assertThrows(MalformedModelException.class,
                    () -> NetLoader.loadParameters(net, in, model));
            assertTrue(e.getMessage().contains("head.fc"), e.getMessage());
            assertTrue(e.getMessage().contains("number of classes"), e.getMessage());
        }
        // the same trap through a model folder whose description was edited
        Files.writeString(model.resolve(ModelFiles.SPEC), Json.PRETTY.toJson(four));
        assertThrows(MalformedModelException.class, () -> NetLoader.load(model, Device.cpu()));
    }
}
