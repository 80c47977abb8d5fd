package dev.graft.core.run;

import dev.graft.core.eval.Evaluation;
import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The whole-epoch checkpoints a run left, for a run that crashed, failed or stopped before it
 * published a model: each is a complete model folder with its validation result, so the best of them
 * can become the run's model (the user chooses; Graft says which), or the start of a new run.
 */
public final class RunCheckpoints {

    /** Name of the head warm-up's checkpoint folder (it sorts before every epoch). */
    public static final String WARM_UP = "epoch-0000-warm-up";

    /**
     * One checkpoint of a whole epoch (or of the head warm-up).
     *
     * @param dir the checkpoint folder
     * @param epoch the epochs it had trained (0 for the warm-up)
     * @param valAccuracy its validation accuracy, or null when it was not validated
     */
    public record Saved(Path dir, int epoch, Double valAccuracy) {
        /** @return "epoch 2" or "the head warm-up" */
        public String label() {
            return RunCheckpoints.label(dir.getFileName().toString());
        }
    }

    /**
     * A checkpoint folder's name in words.
     *
     * @param name e.g. "epoch-0002" or {@link #WARM_UP}
     * @return "epoch 2" or "the head warm-up" (the name itself when it is neither)
     */
    public static String label(String name) {
        if (name.equals(WARM_UP)) {
            return "the head warm-up";
        }
        return name.matches("epoch-\\d{4}") ? "epoch " + Integer.parseInt(name.substring(6)) : name;
    }

    private RunCheckpoints() {}

    /**
     * The run's checkpoints of whole epochs and of the warm-up, oldest first; mid-epoch ({@code
     * -partial}) ones are left out: they are not a model any epoch finished.
     *
     * @param run the run folder
     * @return the checkpoints; empty when there are none
     */
    public static List<Saved> wholeEpochs(RunFolder run) {
        Path dir = run.checkpoints();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Saved> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
                String name = p.getFileName().toString();
                Integer epoch = name.equals(WARM_UP) ? Integer.valueOf(0)
                        : name.matches("epoch-\\d{4}") ? Integer.valueOf(name.substring(6)) : null;
                if (epoch != null && Files.isDirectory(p)) {
                    out.add(new Saved(p, epoch, accuracy(p)));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }

    /**
     * The checkpoint to offer as the run's model: the best on validation, the later on a tie; the
     * newest when none was validated.
     *
     * @param run the run folder
     * @return the checkpoint, if the run has any
     */
    public static Optional<Saved> best(RunFolder run) {
        List<Saved> all = wholeEpochs(run);
        if (all.stream().allMatch(s -> s.valAccuracy() == null)) {
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
        }
        return all.stream().filter(s -> s.valAccuracy() != null)
                .max(Comparator.comparingDouble(Saved::valAccuracy).thenComparingInt(Saved::epoch));
    }

    /**
     * Makes a checkpoint the run's model: a copy becomes {@code model/} (built beside it and renamed
     * into place), its evaluation the run's, and {@code status.json} says where the model came from.
     * How the run ended is not rewritten.
     *
     * @param run the run folder (not live)
     * @param checkpoint one of its checkpoints
     * @throws IOException when the run already has a model, or on a failed copy (then nothing changed)
     */
    public static void adopt(RunFolder run, Saved checkpoint) throws IOException {
        if (Files.exists(run.model())) {
            throw new IOException(run.dir() + " already has a model");
        }
        Path tmp = RunFolder.temporaryFor(run.model());
        try {
            copyTree(checkpoint.dir(), tmp);
            Files.move(tmp, run.model(), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(tmp);
        }
        Path evaluation = checkpoint.dir().resolve(RunFolder.EVALUATION);
        if (Files.isRegularFile(evaluation)) {
            AtomicFiles.writeString(run.evaluation(), Files.readString(evaluation));
        }
        RunStatus before = RunStatus.read(run).orElse(new RunStatus(RunOutcome.INCOMPLETE, null, null,
                "it ended without saying how", null, null, null));
        RunStatus.write(run, before.withModelFrom(checkpoint.dir().getFileName().toString(), checkpoint.epoch(),
                checkpoint.valAccuracy()));
    }

    private static Double accuracy(Path checkpoint) {
        Path file = checkpoint.resolve(RunFolder.EVALUATION);
        try {
            Evaluation e = Files.isRegularFile(file) ? Json.COMPACT.fromJson(Files.readString(file), Evaluation.class)
                    : null;
            return e == null ? null : e.accuracy();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    throw new IOException(p + " is a link; a checkpoint Graft wrote holds none");
                }
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
