package dev.graft.ui.history;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.ui.training.ChartPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Reads run folders: recipe, final status and curves, straight from their files. */
public final class RunHistory {

    private RunHistory() {}

    /**
     * Lists the runs under a folder, newest first.
     *
     * @param runsDir folder holding run folders
     * @param data only runs of this dataset (null for all)
     * @return the runs
     * @throws IOException if the folder cannot be listed
     */
    public static List<RunSummary> list(Path runsDir, Path data) throws IOException {
        if (!Files.isDirectory(runsDir)) {
            return List.of();
        }
        List<RunSummary> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(runsDir)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve("recipe.json"))).toList()) {
                RunSummary s = read(dir);
                if (data == null || Path.of(s.data()).toAbsolutePath().normalize()
                        .equals(data.toAbsolutePath().normalize())) {
                    out.add(s);
                }
            }
        }
        out.sort(Comparator.comparing((RunSummary s) -> lastModified(s.dir())).reversed());
        return out;
    }

    /**
     * Reads one run folder.
     *
     * @param dir the folder
     * @return its summary
     * @throws IOException if the recipe is unreadable
     */
    public static RunSummary read(Path dir) throws IOException {
        JsonObject recipe = JsonParser.parseString(Files.readString(dir.resolve("recipe.json"))).getAsJsonObject();
        String summary = String.format(Locale.ROOT, "%s · %s · freeze %s · %d epochs · lr %s",
                recipe.get("model").getAsString(), recipe.get("init").getAsString(),
                recipe.has("trainLast") && !recipe.get("trainLast").isJsonNull()
                        ? "all but last " + recipe.get("trainLast").getAsInt() : recipe.get("freeze").getAsString(),
                recipe.get("epochs").getAsInt(), recipe.get("lr").getAsString());
        List<ChartPoint> acc = new ArrayList<>();
        List<ChartPoint> loss = new ArrayList<>();
        String status = "incomplete";
        double valAccuracy = Double.NaN;
        Path events = dir.resolve("events.jsonl");
        if (Files.isRegularFile(events)) {
            for (String line : Files.readAllLines(events)) {
                JsonObject e;
                try {
                    e = JsonParser.parseString(line).getAsJsonObject();
                } catch (RuntimeException ex) {
                    continue; // a line cut short by a crash
                }
                switch (e.get("type").getAsString()) {
                    case "validation" -> {
                        acc.add(new ChartPoint(e.get("epoch").getAsDouble(), e.get("valAccuracy").getAsDouble()));
                        loss.add(new ChartPoint(e.get("epoch").getAsDouble(), e.get("valLoss").getAsDouble()));
                    }
                    case "finished" -> {
                        status = e.get("status").getAsString();
                        valAccuracy = e.get("valAccuracy").getAsDouble();
                    }
                    case "failed" -> status = "failed";
                    default -> { }
                }
            }
        }
        return new RunSummary(dir, recipe.get("data").getAsString(), summary, valAccuracy, status, acc, loss);
    }

    private static long lastModified(Path dir) {
        try {
            return Files.getLastModifiedTime(dir.resolve("recipe.json")).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
