package dev.graft.engine.net;

import dev.graft.core.run.RecipeField;

import dev.graft.core.model.ModelFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.modality.Classifications;
import ai.djl.modality.cv.Image;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.DeferredTranslatorFactory;
import dev.graft.cli.GraftCli;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model folder may name classes in its {@code serving.properties} and ship them in
 * {@code classes/} or jars; DJL's {@code Criteria} loads and runs them. Graft's own loaders must
 * never do that: every way Graft reads a model folder is tried on a folder whose class writes a
 * marker file when it is loaded, and the marker must not appear. The same folder loaded through
 * DJL's Criteria does run the class, which proves the trap is real.
 */
class ModelFolderCodeTest {

    @TempDir
    Path tmp;

    private Path marker;

    private Path trapFolder() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 3, "animal", "food");
        TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.EPOCHS, 1).build(), tmp.resolve("run"));
        Path model = tmp.resolve("run/model");
        Path src = Files.createDirectories(tmp.resolve("src/evil")).resolve("Boom.java");
        Files.writeString(src, String.join("\n",
                "package evil;",
                "public class Boom implements ai.djl.nn.BlockFactory {",
                "  static {",
                "    try { java.nio.file.Files.writeString(java.nio.file.Path.of(",
                "        System.getProperty(\"graft.test.marker\")), \"code from the model folder ran\"); }",
                "    catch (Exception e) { throw new RuntimeException(e); }",
                "  }",
                "  public ai.djl.nn.Block newBlock(ai.djl.Model m, java.nio.file.Path p, java.util.Map<String, ?> a) {",
                "    return null;",
                "  }",
                "}"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-cp", System.getProperty("java.class.path"), "-d",
                model.resolve("classes").toString(), src.toString());
        assertEquals(0, rc, "the trap class compiles");
        Path props = model.resolve(ModelFiles.SERVING);
        String text = Files.readString(props, StandardCharsets.UTF_8)
                .replaceAll("(?m)^blockFactory=.*$", "blockFactory=evil.Boom")
                .replaceAll("(?m)^translatorFactory=.*$", "translatorFactory=evil.Boom");
        Files.writeString(props, text);
        marker = tmp.resolve("marker.txt");
        System.setProperty("graft.test.marker", marker.toString());
        return tmp.resolve("run");
    }

    @Test
    void graftsLoadersNeverRunCodeFromAModelFolder() throws Exception {
        Path run = trapFolder();
        Path model = run.resolve("model");
        Path image = Files.list(tmp.resolve("data/food")).sorted().findFirst().orElseThrow();

        NetLoader.load(model, Device.cpu()).close();
        ModelCatalogue.resolve(model.toString(), 224).load(Device.cpu()).close();
        ModelCatalogue.resolveTrained(run.toString()).load(Device.cpu()).close();
        assertEquals(0, GraftCli.newCommandLine().execute("predict", "--run", run.toString(), image.toString()));
        assertEquals(0, GraftCli.newCommandLine().execute("eval", "--run", model.toString(), "--data",
                tmp.resolve("data").toString()));
        assertEquals(0, GraftCli.newCommandLine().execute("inspect", "--model", model.toString()));
        assertEquals(0, GraftCli.newCommandLine().execute("diff", model.toString(), run.toString()));
        TrainingRuns.train(TrainingRuns.quick(tmp.resolve("data")).set(RecipeField.MODEL, run.toString()).set(RecipeField.EPOCHS, 1).build(),
                tmp.resolve("again"));

        assertFalse(Files.exists(marker), "no Graft loader ran the folder's class");

        // control: DJL's own loader does run it, so the folder really is code
        Criteria<Image, Classifications> criteria = Criteria.builder().setTypes(Image.class, Classifications.class)
                .optModelPath(model).optEngine("PyTorch").optTranslatorFactory(new DeferredTranslatorFactory())
                .build();
        try (ZooModel<Image, Classifications> ignored = criteria.loadModel()) {
            // loading may or may not succeed: what matters is whether the class ran
        } catch (Exception expected) {
            // evil.Boom returns no block, so DJL fails after running it
        }
        assertTrue(Files.exists(marker), "DJL's Criteria executed code shipped in the model folder");
        assertEquals(List.of("code from the model folder ran"), Files.readAllLines(marker));
    }
}
