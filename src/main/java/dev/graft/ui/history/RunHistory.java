package dev.graft.ui.history;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.core.run.RunClaim;
import dev.graft.core.run.RunEvent;
import dev.graft.core.run.RunFolder;
import dev.graft.core.run.RunStatus;
import dev.graft.ui.training.ChartPoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads run folders: recipe, final status and curves, straight from their files. A folder that
 * cannot be read is listed as broken with the reason, never hides the others.
 */
public final class RunHistory {

    private static final Logger LOG = LoggerFactory.getLogger(RunHistory.class);

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
            for (Path dir : dirs.filter(RunHistory::looksLikeRun).toList()) {
                RunSummary s = read(dir);
                if (data == null || s.data() == null || Path.of(s.data()).toAbsolutePath().normalize()
                        .equals(data.toAbsolutePath().normalize())) {
                    out.add(s);
                }
            }
        }
        out.sort(Comparator.comparing((RunSummary s) -> lastModified(s.dir())).reversed());
        return out;
    }

    private static boolean looksLikeRun(Path dir) {
        return Files.isDirectory(dir) && (Files.exists(dir.resolve(RunFolder.OWNER))
                || Files.exists(dir.resolve(RunFolder.RECIPE)));
    }

    /**
     * Reads one run folder; never throws: an unreadable folder becomes a "broken" summary.
     *
     * @param dir the folder
     * @return its summary
     */
    public static RunSummary read(Path dir) {
        try {
            return readOrThrow(dir);
        } catch (IOException | RuntimeException e) {
            LOG.warn("run folder {} is unreadable: {}", dir, e.toString());
            String name = RunClaim.owner(dir).map(RunClaim.Owner::name).orElse(dir.getFileName().toString());
            return new RunSummary(dir, name, null, "", null, "broken",
                    "cannot be read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    List.of(), List.of());
        }
    }

    private static RunSummary readOrThrow(Path dir) throws IOException {
        RunFolder run = new RunFolder(dir);
        run.removeLeftovers();
        String name = RunClaim.owner(dir).map(RunClaim.Owner::name).orElse(dir.getFileName().toString());
        if (!Files.isRegularFile(run.recipe())) {
            String status = RunClaim.isLive(dir) ? "running" : "incomplete";
            return new RunSummary(dir, name, null, "", null, status, "no recipe.json", List.of(), List.of());
        }
        JsonObject recipe = JsonParser.parseString(Files.readString(run.recipe())).getAsJsonObject();
        String summary = String.format(Locale.ROOT, "%s · %s · freeze %s · %d epochs · lr %s",
                text(recipe, "model"), text(recipe, "init"),
                recipe.has("trainLast") && !recipe.get("trainLast").isJsonNull()
                        ? "all but last " + recipe.get("trainLast").getAsInt() : text(recipe, "freeze"),
                recipe.get("epochs").getAsInt(), text(recipe, "lr"));
        List<ChartPoint> acc = new ArrayList<>();
        List<ChartPoint> loss = new ArrayList<>();
        String status = RunClaim.isLive(dir) ? "running" : "incomplete";
        String reason = null;
        Double valAccuracy = null;
        if (Files.isRegularFile(run.events())) {
            for (String line : Files.readAllLines(run.events())) {
                RunEvent e;
                try {
                    e = RunEvent.parse(line);
                } catch (IllegalArgumentException ex) {
                    continue; // a line cut short by a crash
                }
                if (e instanceof RunEvent.Validation v) {
                    acc.add(new ChartPoint(v.epoch(), v.valAccuracy()));
                    loss.add(new ChartPoint(v.epoch(), v.valLoss()));
                } else if (e instanceof RunEvent.Finished f) {
                    status = f.status();
                    reason = f.reason();
                    valAccuracy = f.valAccuracy();
                } else if (e instanceof RunEvent.Failed f) {
                    status = RunStatus.FAILED;
                    reason = f.cause();
                }
            }
        }
        RunStatus written = RunStatus.read(run).orElse(null);
        if (written != null) {
            status = written.status();
            reason = written.reason();
            valAccuracy = written.valAccuracy();
        }
        return new RunSummary(dir, name, text(recipe, "data"), summary, valAccuracy, status, reason, acc, loss);
    }

    private static String text(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : "?";
    }

    private static long lastModified(Path dir) {
        try {
            return Files.getLastModifiedTime(dir).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
