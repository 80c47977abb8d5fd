package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.core.model.ModelFiles;
import dev.graft.core.run.RecipeField;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graft calibrate} on a real run whose model lost its calibration (as a run trained before
 * calibration existed), {@code graft eval} reporting it, and the refusals.
 */
class CalibrateCommandTest {

    @TempDir
    static Path shared;
    static Path data;
    static Path run;

    @TempDir
    Path tmp;

    @BeforeAll
    static void trainATinyRun() throws Exception {
        data = TestData.emojiSubset(shared.resolve("data"), 6, "animal", "food", "weather");
        run = shared.resolve("run");
        TrainingRuns.train(TrainingRuns.quick(data).build(), run);
    }

    private record Output(int code, String out, String err) {}

    private static Output graft(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = GraftCli.newCommandLine().execute(args);
            return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void calibratesARunThatHasNoCalibrationAndEvalReportsIt() throws Exception {
        Path model = run.resolve("model");
        Files.deleteIfExists(model.resolve(ModelFiles.CALIBRATION));
        Files.deleteIfExists(model.resolve(ModelFiles.FAMILIARITY));
        Output o = graft("calibrate", "--run", run.toString(), "--json");
        assertEquals(0, o.code(), o.err());
        JsonObject report = JsonParser.parseString(o.out()).getAsJsonObject();
        JsonObject written = JsonParser.parseString(Files.readString(model.resolve(ModelFiles.CALIBRATION)))
                .getAsJsonObject();
        assertEquals(written.get("temperature").getAsDouble(), report.get("temperature").getAsDouble());
        assertTrue(report.get("method").getAsString().startsWith("none: "), "a handful of validation images");
        assertTrue(Files.isRegularFile(model.resolve(ModelFiles.FAMILIARITY)));
        try (var s = Files.list(model)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".graft-tmp")), "written atomically");
        }

        Output eval = graft("eval", "--run", run.toString(), "--data", data.toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("expected calibration error (10 bins)") && eval.out().contains("uncalibrated")
                && eval.out().contains("sure (>= 0.9) predictions right"), eval.out());
        Output json = graft("eval", "--run", run.toString(), "--data", data.toString(), "--json");
        JsonObject calibration = JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonObject("calibration");
        assertTrue(calibration.has("eceBefore") && calibration.has("eceAfter"), json.out());
    }

    @Test
    void refusesARunWithoutValidationSplit() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("no-validation"));
        Files.createDirectories(copy.resolve("model"));
        String recipe = Files.readString(run.resolve("recipe.json"));
        Files.writeString(copy.resolve("recipe.json"), recipe.replaceAll("\"valFraction\": [0-9.]+",
                "\"valFraction\": 0.0"));
        Output o = graft("calibrate", "--run", copy.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("has no validation split"), o.err());
        assertFalse(Files.exists(copy.resolve("model").resolve(ModelFiles.CALIBRATION)));
    }

    @Test
    void refusesAFolderThatIsNoRun() {
        Output o = graft("calibrate", "--run", tmp.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("is not a run folder"), o.err());
    }
}
