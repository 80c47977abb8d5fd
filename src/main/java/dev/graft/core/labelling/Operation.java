package dev.graft.core.labelling;

import java.nio.file.Path;
import java.util.List;

/**
 * One user action on a dataset (add, move, rename, delete, or the undo of one) as the steps that
 * carry it out. It is written to the journal before the first step runs and removed after the
 * last, so an interrupted operation is found and finished (or rolled back) at the next start.
 *
 * @param id unique id (also names the journal file and temporary files)
 * @param dataset the dataset folder every target lies in
 * @param description what the user did, in words ("move 3 images to 'cat'")
 * @param created when it was planned (ISO-8601)
 * @param steps the steps in order
 * @param restores paths outside the dataset this operation may write: the original places of files
 *     an undo puts back (everything else it writes is inside the dataset)
 */
public record Operation(String id, Path dataset, String description, String created, List<Step> steps,
        List<Path> restores) {

    /** Copies the lists. */
    public Operation {
        steps = List.copyOf(steps);
        restores = restores == null ? List.of() : List.copyOf(restores);
    }

    /** @return the number of files the operation moves or copies */
    public int files() {
        return (int) steps.stream().filter(s -> s.kind() == Step.Kind.MOVE || s.kind() == Step.Kind.COPY).count();
    }
}
