package dev.graft.core.run;

import dev.graft.core.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.Locale;

/**
 * The layout of one run folder: every file name Graft writes there, in one place. History,
 * results, the CLI and the engine all find a run's files through this type.
 *
 * <pre>
 * .graft-run           owner record (id, name, supervisor); locked while the run is live
 * recipe.json          the recipe
 * dataset.json         classes, split, skipped files with reasons
 * events.jsonl         every event, one JSON object per line
 * checkpoints/epoch-NNNN[-partial]/   a loadable model folder per epoch
 * checkpoints/epoch-0000-warm-up/     the model after the head warm-up, when backbone layers train
 * model/               the exported model (the last completed epoch, or the warm-up when that did better)
 * evaluation.json      that model on the validation split
 * status.json          how the run ended
 * worker.log           the training process's diagnostics (standard error)
 * </pre>
 *
 * @param dir the folder
 */
public record RunFolder(Path dir) {

    /** Owner record, also the lock file. */
    public static final String OWNER = ".graft-run";
    /** How the name of a checkpoint saved mid-epoch (when a run is stopped) ends. */
    public static final String PARTIAL = "-partial";
    /** The recipe. */
    public static final String RECIPE = "recipe.json";
    /** The dataset summary and split. */
    public static final String DATASET = "dataset.json";
    /** The event log. */
    public static final String EVENTS = "events.jsonl";
    /** Checkpoint folders. */
    public static final String CHECKPOINTS = "checkpoints";
    /** The exported final model. */
    public static final String MODEL = "model";
    /** Evaluation of the exported model on the validation split. */
    public static final String EVALUATION = "evaluation.json";
    /** How the run ended. */
    public static final String STATUS = "status.json";
    /** The training process's standard error. */
    public static final String WORKER_LOG = "worker.log";

    /** @return the owner record */
    public Path owner() {
        return dir.resolve(OWNER);
    }

    /** @return recipe.json */
    public Path recipe() {
        return dir.resolve(RECIPE);
    }

    /** @return dataset.json */
    public Path dataset() {
        return dir.resolve(DATASET);
    }

    /** @return events.jsonl */
    public Path events() {
        return dir.resolve(EVENTS);
    }

    /** @return the checkpoints folder */
    public Path checkpoints() {
        return dir.resolve(CHECKPOINTS);
    }

    /**
     * A checkpoint folder.
     *
     * @param epoch 1-based epoch
     * @param partial written mid-epoch by a stop
     * @return its path
     */
    public Path checkpoint(int epoch, boolean partial) {
        return checkpoints().resolve(String.format(Locale.ROOT, "epoch-%04d%s", epoch, partial ? PARTIAL : ""));
    }

    /**
     * The model after the head warm-up of a run whose backbone layers train: the new head trained
     * on the pretrained backbone. Named to sort before every epoch and to be left alone by
     * checkpoint pruning, because it is the run's fallback model.
     *
     * @return its path
     */
    public Path warmUpCheckpoint() {
        return checkpoints().resolve(RunCheckpoints.WARM_UP);
    }

    /** @return the exported model folder */
    public Path model() {
        return dir.resolve(MODEL);
    }

    /** @return evaluation.json */
    public Path evaluation() {
        return dir.resolve(EVALUATION);
    }

    /** @return status.json */
    public Path status() {
        return dir.resolve(STATUS);
    }

    /** @return worker.log */
    public Path workerLog() {
        return dir.resolve(WORKER_LOG);
    }

    /**
     * A fresh name for a temporary file or folder beside {@code target}.
     *
     * @param target the file the temporary one will become
     * @return the temporary path
     */
    public static Path temporaryFor(Path target) {
        return AtomicFiles.temporaryFor(target);
    }

    /**
     * Whether a name is one of Graft's temporary files or folders.
     *
     * @param name a file name
     * @return true for Graft's temporaries
     */
    public static boolean isTemporary(String name) {
        return AtomicFiles.isTemporary(name);
    }

    /**
     * Removes temporary files and folders that a killed run left behind. Only in a folder a run
     * claimed ({@link #OWNER}: any other folder may be a user's, whatever its files are called), only
     * names Graft's own writers make, and never while a run is live in the folder.
     *
     * @return how many were removed
     */
    public int removeLeftovers() {
        if (!Files.isDirectory(dir) || !Files.exists(owner()) || RunClaim.isLive(dir)) {
            return 0;
        }
        int removed = 0;
        for (Path parent : new Path[] {dir, checkpoints()}) {
            if (!Files.isDirectory(parent)) {
                continue;
            }
            try (Stream<Path> s = Files.list(parent)) {
                for (Path p : s.filter(p -> isTemporary(p.getFileName().toString())).toList()) {
                    removed += deleteTree(p);
                }
            } catch (IOException e) {
                // unreadable: leave it
            }
        }
        return removed;
    }

    private static int deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            return 1;
        } catch (IOException e) {
            return 0;
        }
    }
}
