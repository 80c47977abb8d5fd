package dev.graft.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads run folders into {@link RunRecord}s. A folder that cannot be read becomes a "broken"
 * record with the reason; it never hides the others.
 */
public final class RunRecords {

    private RunRecords() {}

    /**
     * Lists the runs under a folder, newest first.
     *
     * @param runsDir folder holding run folders (e.g. {@link RunLocations#runsOf(Path)})
     * @param data only runs of this dataset (null for all)
     * @return the runs
     * @throws IOException if the folder cannot be listed
     */
    public static List<RunRecord> list(Path runsDir, Path data) throws IOException {
        if (!Files.isDirectory(runsDir)) {
            return List.of();
        }
        List<RunRecord> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(runsDir)) {
            for (Path dir : dirs.filter(RunRecords::looksLikeRun).toList()) {
                RunRecord r = read(dir);
                if (data == null || r.recipe() == null || sameFolder(Path.of(r.recipe().data()), data)) {
                    out.add(r);
                }
            }
        }
        out.sort(Comparator.comparing(RunRecords::sortKey).reversed());
        return out;
    }

    private static boolean sameFolder(Path a, Path b) {
        return RunLocations.canonical(a).equals(RunLocations.canonical(b));
    }

    private static String sortKey(RunRecord r) {
        // folder names start with the time stamp; older folders without one sort by name
        return r.dir().getFileName().toString();
    }

    private static boolean looksLikeRun(Path dir) {
        return Files.isDirectory(dir) && (Files.exists(dir.resolve(RunFolder.OWNER))
                || Files.exists(dir.resolve(RunFolder.RECIPE)));
    }

    /**
     * Reads one run folder; never throws.
     *
     * @param dir the folder
     * @return its record ("broken" with the reason when unreadable)
     */
    public static RunRecord read(Path dir) {
        String name = RunClaim.owner(dir).map(RunClaim.Owner::name).orElse(dir.getFileName().toString());
        String created = RunClaim.owner(dir).map(RunClaim.Owner::created).orElse(null);
        try {
            return readOrThrow(dir, name, created);
        } catch (IOException | RuntimeException e) {
            return new RunRecord(dir, name, created, null, RunOutcome.BROKEN, "cannot be read: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), 0, null, null,
                    List.of(), false, null, null, null);
        }
    }

    private static RunRecord readOrThrow(Path dir, String name, String created) throws IOException {
        RunFolder run = new RunFolder(dir);
        run.removeLeftovers();
        boolean live = RunClaim.isLive(dir);
        if (!Files.isRegularFile(run.recipe())) {
            return new RunRecord(dir, name, created, null, live ? RunOutcome.RUNNING : RunOutcome.INCOMPLETE,
                    live ? null : "it has no recipe.json", 0, null, null, List.of(), false, null, null, null);
        }
        // leniently: a field an older or newer Graft wrote must not hide the run from its history
        Recipe recipe = RecipeJson.parseLenient(Files.readString(run.recipe())).buildUnchecked();
        if (recipe.data() == null) {
            throw new IOException("recipe.json has no dataset");
        }
        List<RunRecord.EpochPoint> curve = new ArrayList<>();
        RunOutcome status = live ? RunOutcome.RUNNING : RunOutcome.INCOMPLETE;
        String reason = null;
        int epochs = 0;
        Double valAccuracy = null;
        boolean warmUpKept = false;
        Double warmUpAccuracy = null;
        String plan = null;
        if (Files.isRegularFile(run.events())) {
            for (String line : Files.readAllLines(run.events())) {
                RunEvent e;
                try {
                    e = RunEvent.parse(line);
                } catch (IllegalArgumentException ex) {
                    continue; // a line cut short by a crash
                }
                if (e instanceof RunEvent.RunStarted s) {
                    plan = s.note();
                } else if (e instanceof RunEvent.Epoch ep) {
                    curve.add(new RunRecord.EpochPoint(ep.epoch(), ep.loss(), ep.accuracy(), ep.valLoss(),
                            ep.valAccuracy()));
                } else if (e instanceof RunEvent.Finished f) {
                    status = f.status();
                    reason = f.reason();
                    epochs = f.epochsCompleted();
                    valAccuracy = f.valAccuracy();
                    warmUpKept = f.warmUpPublished();
                    warmUpAccuracy = f.metrics() == null ? null : f.metrics().get(RunEvent.Finished.WARM_UP_VAL_ACCURACY);
                } else if (e instanceof RunEvent.Failed f) {
                    status = RunOutcome.FAILED;
                    reason = f.cause();
                }
            }
        }
        RunStatus written = RunStatus.read(run).orElse(null);
        String modelFrom = null;
        if (written != null) {
            status = written.status();
            reason = written.reason();
            epochs = written.epochsCompleted() == null ? epochs : written.epochsCompleted();
            valAccuracy = written.valAccuracy();
            modelFrom = written.modelFrom();
        }
        int kept = epochs;
        // the kept model is the head warm-up when fine-tuning ended lower: no epoch's training
        // accuracy describes it
        Double trainAccuracy = warmUpKept ? null : curve.stream().filter(p -> p.epoch() == kept)
                .map(RunRecord.EpochPoint::trainAccuracy).findFirst().orElse(null);
        return new RunRecord(dir, name, created, recipe, status, reason, epochs, trainAccuracy, valAccuracy, curve,
                warmUpKept, warmUpAccuracy, plan, modelFrom);
    }
}
