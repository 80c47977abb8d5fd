package dev.graft.engine.zoo;

import dev.graft.core.run.RecipeField;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Application;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import dev.graft.cli.GraftCli;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.TestData;
import dev.graft.testing.ZooFixtureServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zoo artifact is untrusted input like a model folder: its metadata and its
 * {@code serving.properties} can name a block or translator factory, and the archive can ship the
 * class. DJL's {@code Criteria.loadModel} runs it; Graft downloads, inspects and trains on the
 * same artifact and must never run it.
 */
class ZooCodeTest {

    @TempDir
    Path tmp;

    @Test
    void graftNeverRunsAClassTheZooNames() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/evil")).resolve("Boom.java");
        Files.writeString(src, String.join("\n",
                "package evil;",
                "public class Boom implements ai.djl.nn.BlockFactory {",
                "  static {",
                "    try { java.nio.file.Files.writeString(java.nio.file.Path.of(",
                "        System.getProperty(\"graft.test.zooMarker\")), \"code from the zoo ran\"); }",
                "    catch (Exception e) { throw new RuntimeException(e); }",
                "  }",
                "  public ai.djl.nn.Block newBlock(ai.djl.Model m, java.nio.file.Path p, java.util.Map<String, ?> a) {",
                "    return null;",
                "  }",
                "}"));
        Path classes = tmp.resolve("classes");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp",
                System.getProperty("java.class.path"), "-d", classes.toString(), src.toString()));
        Path marker = tmp.resolve("marker.txt");
        System.setProperty("graft.test.zooMarker", marker.toString());

        try (ZooFixtureServer server = new ZooFixtureServer();
                ZooCacheDir ignored = new ZooCacheDir(tmp.resolve("djl"), server.url())) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("resnet18_embedding.pt", server.torchScript());
            entries.put("serving.properties", "blockFactory=evil.Boom\ntranslatorFactory=evil.Boom\n"
                    .getBytes(StandardCharsets.UTF_8));
            entries.put("classes/evil/Boom.class", Files.readAllBytes(classes.resolve("evil/Boom.class")));
            server.embeddingArtifact(ZooFixtureServer.zip(entries), "\"blockFactory\": \"evil.Boom\"");

            assertEquals(0, GraftCli.newCommandLine().execute("download", "djl:resnet18_embedding"));
            ModelCatalogue.resolve("djl:resnet18_embedding", 64).load(ai.djl.Device.cpu()).close();
            assertEquals(0, GraftCli.newCommandLine().execute("inspect", "--model", "djl:resnet18_embedding"));
            Path data = TestData.emojiSubset(tmp.resolve("data"), 3, "animal", "food");
            TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.MODEL, "djl:resnet18_embedding").set(RecipeField.EPOCHS, 1).build(),
                    tmp.resolve("run"));
            assertFalse(Files.exists(marker), "Graft ran no class named by the zoo");

            // control: DJL's own loader on the same downloaded artifact runs it
            Criteria<Image, Classifications> criteria = Criteria.builder()
                    .setTypes(Image.class, Classifications.class)
                    .optApplication(Application.CV.IMAGE_CLASSIFICATION)
                    .optModelZoo(new GraftZoo(new ZooSettings(server.url(), false)))
                    .optArtifactId("resnet18_embedding")
                    .optEngine("PyTorch")
                    .build();
            try (ZooModel<Image, Classifications> model = criteria.loadModel()) {
                // loading may or may not succeed: what matters is whether the class ran
            } catch (Exception expected) {
                // evil.Boom returns no block
            }
            assertTrue(Files.exists(marker), "DJL's Criteria ran the class the artifact ships");
        } finally {
            System.clearProperty("graft.test.zooMarker");
        }
    }
}
