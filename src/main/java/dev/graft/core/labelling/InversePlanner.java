package dev.graft.core.labelling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Plans the inverse of a performed operation, for undo and redo: its steps in reverse order, each
 * turned around, so that every file goes back under its original name (a file created there since
 * gets a new name instead of being overwritten), copies go to the trash, and files that were moved
 * or deleted outside Graft since are left as they are, with a note. It is separate from the
 * planning of new actions because it works from a journalled operation and from what the files
 * are now, not from the user's request; like the other planners it changes nothing.
 */
final class InversePlanner {

    /**
     * An inverse operation to perform.
     *
     * @param operation the operation
     * @param renamed files that will go back under a new name because theirs was taken again
     * @param notes files no longer where the operation left them (left as they are)
     */
    record Inverse(Operation operation, List<Path> renamed, List<String> notes) {}

    private final Path root;
    private final OperationPlanner planner;

    /**
     * A planner of inverses for a dataset.
     *
     * @param root the dataset folder (absolute, links resolved)
     * @param planner where deleted files go (the trash)
     */
    InversePlanner(Path root, OperationPlanner planner) {
        this.root = root;
        this.planner = planner;
    }

    /**
     * Plans the inverse of an operation.
     *
     * @param op an operation performed on this dataset
     * @return its inverse; "undo: " and "redo: " in the description alternate
     */
    Inverse plan(Operation op) {
        String id = OperationPlanner.newId();
        List<Step> steps = new ArrayList<>();
        List<Path> restores = new ArrayList<>();
        List<Path> renamed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        // what the inverse steps planned so far will have created or emptied when this one runs
        Set<String> produced = new HashSet<>();
        Set<String> vacated = new HashSet<>();
        Predicate<Path> there = p -> produced.contains(DatasetFiles.key(p))
                || StepRunner.exists(p) && !vacated.contains(DatasetFiles.key(p));
        for (int i = op.steps().size() - 1; i >= 0; i--) {
            Step s = op.steps().get(i);
            switch (s.kind()) {
                case MOVE -> {
                    if (!there.test(s.to())) {
                        notes.add(s.to().getFileName() + " is no longer in " + s.to().getParent()
                                + " (moved or deleted outside Graft): left as it is");
                        continue;
                    }
                    Path back = s.from();
                    if (there.test(back) || taken.contains(DatasetFiles.key(back))) {
                        back = DatasetFiles.freeName(back.getParent(), back.getFileName().toString(), taken);
                        renamed.add(back);
                    } else {
                        taken.add(DatasetFiles.key(back));
                    }
                    boolean outside = !back.toAbsolutePath().normalize().startsWith(root);
                    if (outside) {
                        restores.add(back);
                    }
                    boolean dir = Files.isDirectory(s.to()) || s.size() < 0;
                    steps.add(Step.move(s.to(), back, dir ? -1 : DatasetFiles.size(s.to()), dir || !outside ? null
                            : DatasetFiles.hashOrNull(s.to())));
                    vacated.add(DatasetFiles.key(s.to()));
                    produced.remove(DatasetFiles.key(s.to()));
                    produced.add(DatasetFiles.key(back));
                }
                case COPY -> {
                    if (!there.test(s.to())) {
                        notes.add(s.to().getFileName() + " is no longer in " + s.to().getParent() + ": left as it is");
                        continue;
                    }
                    steps.add(Step.move(s.to(), planner.trashFor(id, s.to()), DatasetFiles.size(s.to()), null));
                    vacated.add(DatasetFiles.key(s.to()));
                    produced.remove(DatasetFiles.key(s.to()));
                }
                case MKDIR -> steps.add(Step.rmdir(s.to()));
                case RMDIR -> steps.add(Step.mkdir(s.to()));
                default -> throw new IllegalStateException(s.kind().toString());
            }
        }
        String d = op.description();
        String description = d.startsWith("undo: ") ? "redo: " + d.substring(6)
                : d.startsWith("redo: ") ? "undo: " + d.substring(6) : "undo: " + d;
        Operation inverse = new Operation(id, root, description, OffsetDateTime.now().toString(), steps, restores);
        return new Inverse(inverse, renamed, notes);
    }
}
