package dev.graft.engine.zoo;

import dev.graft.core.run.RunOutcome;

import dev.graft.core.run.RecipeField;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.cli.GraftCli;
import dev.graft.core.model.FreezeException;
import dev.graft.core.run.RunEvent;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.TestData;
import dev.graft.testing.ZooFixtureServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path a user takes: the catalogue says what is missing, {@code graft download} fetches
 * the model from a repository server on 127.0.0.1 through DJL, the catalogue then says cached, and
 * the downloaded TorchScript model trains as a backbone with the TorchScript freezing rules.
 */
class ZooTrainingTest {

    @TempDir
    Path tmp;

    private static String run(int expected, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(expected, GraftCli.newCommandLine().execute(args), String.join(" ", args));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static JsonObject entry(String json, String id) {
        JsonArray all = JsonParser.parseString(json).getAsJsonArray();
        return all.asList().stream().map(e -> e.getAsJsonObject()).filter(e -> e.get("id").getAsString().equals(id))
                .findFirst().orElseThrow();
    }

    @Test
    void downloadThenTrainOnTheZooModel() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 5, "animal", "food");
        try (ZooFixtureServer server = new ZooFixtureServer();
                ZooCacheDir ignored = new ZooCacheDir(tmp.resolve("djl"), server.url())) {
            JsonObject before = entry(run(0, "models", "--json"), "djl:resnet18");
            assertEquals("downloadable", before.get("status").getAsString());
            assertTrue(before.get("downloadSizeBytes").getAsLong() > 30_000);
            assertTrue(before.get("card").getAsString().contains("ImageNet mean/std"));
            assertTrue(before.get("card").getAsString().contains("Apache-2.0"));

            IOException notYet = assertThrows(IOException.class, () -> TrainingRuns.train(TrainingRuns.quick(data)
                    .set(RecipeField.MODEL, "djl:resnet18").build(), tmp.resolve("early")));
            assertTrue(notYet.getMessage().contains("graft download djl:resnet18"), notYet.getMessage());

            String out = run(0, "download", "djl:resnet18");
            assertTrue(out.contains("djl:resnet18: ready"), out);
            JsonObject after = entry(run(0, "models", "--json", "--local"), "djl:resnet18");
            assertEquals("cached", after.get("status").getAsString());
            assertTrue(after.get("availableOffline").getAsBoolean());

            TrainingRuns.Result result = TrainingRuns.train(TrainingRuns.quick(data).set(RecipeField.MODEL, "djl:resnet18").set(RecipeField.EPOCHS, 2)
                    .set(RecipeField.LR, 0.03f).build(), tmp.resolve("run"));
            assertEquals(RunOutcome.COMPLETED, result.finished().status());
            RunEvent.RunStarted started = result.events().stream().filter(e -> e instanceof RunEvent.RunStarted)
                    .map(RunEvent.RunStarted.class::cast).findFirst().orElseThrow();
            assertEquals(32 * 2 + 2, started.trainableParameters(), "backbone frozen: only the head trains");
            assertTrue(started.device().contains("CPU"), started.device());
            assertTrue(Files.readString(tmp.resolve("run/model/graft-model.json")).contains("djl:resnet18"),
                    "the run records which zoo model it started from");

            FreezeException partial = assertThrows(FreezeException.class, () -> TrainingRuns.train(
                    TrainingRuns.quick(data).set(RecipeField.MODEL, "djl:resnet18").set(RecipeField.FREEZE, "conv1").build(), tmp.resolve("partial")));
            assertTrue(partial.getMessage().contains("--freeze backbone"), partial.getMessage());

            String tree = run(0, "inspect", "--model", "djl:resnet18", "--json");
            assertTrue(tree.contains("layer2"), "the layer tree of the downloaded model");
        }
    }
}
