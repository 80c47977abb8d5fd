package dev.graft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.core.run.RunEvent;
import dev.graft.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a script would use it. */
class GraftCliTest {

    @TempDir
    Path tmp;

    /** @return the events of {@code --events jsonl} output, one JSON object per line */
    private static List<JsonObject> parse(String jsonl) {
        return jsonl.lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    }

    private static JsonObject first(String jsonl, String type) {
        return parse(jsonl).stream().filter(o -> o.get("type").getAsString().equals(type)).findFirst().orElseThrow();
    }

    private String run(int expectedExit, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = GraftCli.newCommandLine().execute(args);
            assertEquals(expectedExit, code, "exit code of graft " + String.join(" ", args));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void modelsJsonMarksTheBundledDefault() {
        JsonArray models = JsonParser.parseString(run(0, "models", "--json")).getAsJsonArray();
        JsonObject first = models.get(0).getAsJsonObject();
        assertEquals("mobilenet_v2", first.get("id").getAsString());
        assertTrue(first.get("default").getAsBoolean());
        assertTrue(first.get("availableOffline").getAsBoolean());
        long zoo = models.asList().stream().filter(m -> m.getAsJsonObject().get("kind").getAsString().equals("zoo"))
                .count();
        assertTrue(zoo >= 1);
    }

    @Test
    void inspectShowsStagesParametersAndBatchNormStatistics() {
        JsonObject out = JsonParser.parseString(run(0, "inspect", "--json", "--freeze", "backbone"))
                .getAsJsonObject();
        JsonObject tree = out.getAsJsonObject("tree");
        assertEquals(2_619_461L, tree.get("parameters").getAsLong(), "bundled parameter count");
        assertEquals(List.of("stem", "stage1", "stage2", "stage3", "stage4", "stage5", "stage6", "stage7", "top",
                "head"), tree.getAsJsonArray("children").asList().stream()
                        .map(c -> c.getAsJsonObject().get("name").getAsString()).toList());
        assertEquals(361_477L, tree.get("trainableParameters").getAsLong(), "only the head trains");
        assertTrue(tree.get("batchNormStatistics").getAsLong() > 0);
    }

    @Test
    void trainEvalPredictAndDiffEndToEnd() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food");
        Path runDir = tmp.resolve("run");
        String events = run(0, "train", "--data", data.toString(), "--out", runDir.toString(), "--image-size", "64",
                "--epochs", "2", "--freeze", "backbone", "--events", "jsonl");
        List<String> types = parse(events).stream().map(o -> o.get("type").getAsString()).toList();
        assertEquals("run_started", types.stream().filter(t -> !t.equals("warning")).findFirst().orElseThrow());
        assertTrue(types.containsAll(List.of("batch", "epoch", "validation", "checkpoint")));
        assertEquals("finished", types.get(types.size() - 1));
        JsonObject epoch = first(events, "epoch");
        for (String key : new String[] {"epoch", "loss", "accuracy", "valLoss", "valAccuracy", "imagesPerSecond"}) {
            assertTrue(epoch.has(key), key);
        }

        JsonObject eval = JsonParser.parseString(run(0, "eval", "--run", runDir.toString(), "--data",
                data.toString(), "--json")).getAsJsonObject();
        assertEquals(12, eval.get("images").getAsInt());
        assertEquals(2, eval.getAsJsonArray("confusion").size());

        Path image = Files.list(data.resolve("food")).sorted().findFirst().orElseThrow();
        JsonArray predictions = JsonParser.parseString(run(0, "predict", "--run", runDir.toString(), "--json",
                image.toString())).getAsJsonArray();
        JsonObject p = predictions.get(0).getAsJsonObject();
        assertTrue(List.of("animal", "food").contains(p.get("label").getAsString()));

        JsonObject diff = JsonParser.parseString(run(0, "diff", "mobilenet_v2", runDir.toString(), "--json"))
                .getAsJsonObject();
        for (JsonElement t : diff.getAsJsonArray("tensors")) {
            JsonObject o = t.getAsJsonObject();
            assertEquals(0.0, o.get("maxAbsDiff").getAsDouble(), o.get("name").getAsString());
        }
        assertTrue(diff.getAsJsonArray("shapeMismatch").size() > 0, "the new head differs in shape");
    }

    @Test
    void theDefaultTrainsTheLastTwoStagesAndLeavesTheEarlierOnesBitExact() throws Exception {
        Path data = TestData.emojiSubset(tmp.resolve("data"), 6, "animal", "food");
        Path runDir = tmp.resolve("run");
        String events = run(0, "train", "--data", data.toString(), "--out", runDir.toString(), "--image-size", "64",
                "--epochs", "1", "--probe-epochs", "1", "--events", "jsonl");
        JsonObject started = first(events, "run_started");
        assertEquals("mobilenet_v2 last 2 stages", started.get("name").getAsString(),
                "named after what it trains, resolved on the model before the run folder is claimed");
        assertEquals("auto", started.getAsJsonObject("recipe").get("freeze").getAsString());
        // the default feature taps end the backbone at stage7 (no "top" convolution)
        List<String> stages = JsonParser.parseString(run(0, "inspect", "--json", "--model", runDir.toString()))
                .getAsJsonObject().getAsJsonArray("stages").asList().stream().map(JsonElement::getAsString).toList();
        List<String> trained = stages.subList(stages.size() - 2, stages.size());
        assertEquals(List.of("stage6", "stage7"), trained);
        assertTrue(started.get("note").getAsString().startsWith("stages stem-stage5 frozen"), started.toString());
        for (String[] choice : List.of(new String[] {"--freeze", "auto"}, new String[] {"--train-last", "2"})) {
            long trainable = JsonParser.parseString(run(0, "inspect", "--json", "--model", runDir.toString(),
                    choice[0], choice[1])).getAsJsonObject().getAsJsonObject("tree").get("trainableParameters")
                    .getAsLong();
            assertEquals(trainable, started.get("trainableParameters").getAsLong(), String.join(" ", choice));
        }

        JsonObject diff = JsonParser.parseString(run(0, "diff", "mobilenet_v2", runDir.toString(), "--json"))
                .getAsJsonObject();
        int compared = 0;
        double trainedChange = 0;
        for (JsonElement t : diff.getAsJsonArray("tensors")) {
            JsonObject o = t.getAsJsonObject();
            String name = o.get("name").getAsString();
            if (trained.stream().noneMatch(name::contains)) {
                assertEquals(0.0, o.get("maxAbsDiff").getAsDouble(), name + " is frozen");
                compared++;
            } else {
                trainedChange = Math.max(trainedChange, o.get("maxAbsDiff").getAsDouble());
            }
        }
        assertTrue(compared > 100, "the frozen stages' tensors were compared: " + compared);
        JsonObject finished = JsonParser.parseString(events.lines().reduce((a, b) -> b).orElseThrow())
                .getAsJsonObject();
        JsonElement kept = finished.getAsJsonObject("metrics").get(RunEvent.Finished.WARM_UP_PUBLISHED);
        boolean warmUpKept = kept != null && kept.getAsDouble() > 0;
        assertEquals(!warmUpKept, trainedChange > 0, "the last two stages trained unless the warm-up was kept");
    }

    @Test
    void badInputGetsAClearMessageAndNonZeroExit() throws Exception {
        Path one = Files.createDirectories(tmp.resolve("one/cats"));
        Files.write(one.resolve("x.png"), Files.readAllBytes(Files.list(TestData.EMOJI.resolve("animal"))
                .sorted().findFirst().orElseThrow()));
        String out = run(1, "train", "--data", tmp.resolve("one").toString(), "--out", tmp.resolve("r").toString(),
                "--events", "jsonl");
        JsonObject failed = JsonParser.parseString(out.lines().reduce((a, b) -> b).orElseThrow()).getAsJsonObject();
        assertEquals("failed", failed.get("type").getAsString());
        assertTrue(failed.get("cause").getAsString().contains("at least two"));
        assertNotEquals(0, GraftCli.newCommandLine().execute("train", "--data", "x", "--epochs", "0"));
    }
}
