package dev.graft.core.labelling;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Performs operations all-or-nothing through the journal: journal first, then the steps; if a step
 * fails (a read-only folder, a full disk), the steps already done are taken back in reverse order,
 * so every file ends up where it was. If even that fails, the journal entry stays and the next
 * start tries again; no file is ever in neither place.
 */
final class OperationRunner {

    /** Called between the stages of an operation (tests use it to kill a process at a known point). */
    interface Hooks {
        /**
         * The operation is journalled and no step has run.
         *
         * @param op the operation
         */
        default void journalled(Operation op) { }

        /**
         * A step has completed.
         *
         * @param op the operation
         * @param index the step's index
         */
        default void stepDone(Operation op, int index) { }
    }

    private final Journal journal;
    private final StepRunner steps;
    private final Hooks hooks;

    OperationRunner(Journal journal, FileOps ops, Hooks hooks) {
        this.journal = journal;
        this.steps = new StepRunner(ops);
        this.hooks = hooks == null ? new Hooks() { } : hooks;
    }

    /**
     * Performs an operation.
     *
     * @param op the operation
     * @return notes about files that were kept rather than undone (normally empty)
     * @throws LabellingException if it failed; the message says whether everything was put back
     */
    List<String> perform(Operation op) throws LabellingException {
        requireConfined(op);
        Journal.Entry entry;
        try {
            entry = journal.begin(op);
        } catch (IOException e) {
            throw new LabellingException("Nothing was changed: Graft cannot write its journal in "
                    + journal.folder() + " (" + e.getMessage() + ")", e);
        }
        hooks.journalled(op);
        int i = 0;
        try {
            for (; i < op.steps().size(); i++) {
                steps.apply(op.id(), i, op.steps().get(i));
                hooks.stepDone(op, i);
            }
        } catch (IOException | RuntimeException failure) {
            Step failed = op.steps().get(i);
            String why = describe(failed, failure);
            List<String> kept = new ArrayList<>();
            String stuck = rollBack(op, i, kept);
            if (stuck == null) {
                finishQuietly(entry, "failed and rolled back: " + why);
                throw new LabellingException(why + ". Nothing was changed: every file is where it was"
                        + (kept.isEmpty() ? "." : " (" + String.join("; ", kept) + ")."), failure);
            }
            entry.close(); // stays pending: the next start completes or rolls it back
            throw new LabellingException(why + ". Putting files back failed too (" + stuck + "); every file is"
                    + " in its old or its new place, and Graft tries again at its next start (journal "
                    + journal.folder() + ").", failure);
        }
        finishQuietly(entry, "done");
        return List.of();
    }

    /**
     * Counts the steps of an operation that have already happened (before a recovery redoes them).
     *
     * @param op the operation
     * @return how many of its steps are done
     */
    int stepsDone(Operation op) {
        int done = 0;
        for (Step s : op.steps()) {
            if (steps.done(s)) {
                done++;
            }
        }
        return done;
    }

    /**
     * Completes an operation a dead process left pending, or rolls it back if it cannot be completed
     * (the recovery at start, {@link Recovery}, words the outcome).
     *
     * @param entry the claimed entry
     * @return null when it was completed; otherwise why not, with {@code rolledBack} telling whether
     *     every file is back where it was
     */
    Unfinished complete(Journal.Entry entry) {
        Operation op = entry.operation();
        int i = 0;
        try {
            requireConfined(op);
            for (; i < op.steps().size(); i++) {
                steps.apply(op.id(), i, op.steps().get(i));
            }
            finishQuietly(entry, "completed after an interruption");
            return null;
        } catch (IOException | RuntimeException failure) {
            String why = i < op.steps().size() ? describe(op.steps().get(i), failure) : failure.getMessage();
            List<String> kept = new ArrayList<>();
            String stuck = rollBack(op, Math.min(i, op.steps().size() - 1), kept);
            if (stuck == null) {
                finishQuietly(entry, "rolled back after an interruption: " + why);
                return new Unfinished(true, why + (kept.isEmpty() ? "" : "; " + String.join("; ", kept)));
            }
            entry.close();
            return new Unfinished(false, why + "; putting files back failed: " + stuck);
        }
    }

    /**
     * An interrupted operation that could not be completed.
     *
     * @param rolledBack true when every file is back where it was, false when it is stuck
     * @param problem why, in words
     */
    record Unfinished(boolean rolledBack, String problem) {}

    /** @return null when every step up to {@code last} was taken back, otherwise why not */
    private String rollBack(Operation op, int last, List<String> kept) {
        String stuck = null;
        for (int j = last; j >= 0; j--) {
            try {
                String note = steps.revert(op.id(), j, op.steps().get(j));
                if (note != null) {
                    kept.add(note);
                }
            } catch (IOException | RuntimeException e) {
                stuck = stuck == null ? describe(op.steps().get(j), e) : stuck;
            }
        }
        return stuck;
    }

    private void finishQuietly(Journal.Entry entry, String outcome) {
        try {
            journal.finish(entry, outcome);
        } catch (IOException e) {
            entry.close(); // a finished entry found again later is recognised as done and closed
        }
    }

    private static String describe(Step s, Throwable failure) {
        String msg = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (failure instanceof java.nio.file.AccessDeniedException) {
            msg = "permission denied: " + msg;
        } else if (failure instanceof java.nio.file.FileAlreadyExistsException) {
            msg = msg + " already exists";
        }
        return switch (s.kind()) {
            case MOVE -> "Cannot move " + s.from().getFileName() + " to " + s.to().getParent() + ": " + msg;
            case COPY -> "Cannot copy " + s.from().getFileName() + " to " + s.to().getParent() + ": " + msg;
            case MKDIR -> "Cannot create the folder " + s.to() + ": " + msg;
            case RMDIR -> "Cannot remove the folder " + s.to() + ": " + msg;
        };
    }

    /** Nothing is written outside the dataset except the original places an undo puts files back. */
    static void requireConfined(Operation op) throws LabellingException {
        Path root = op.dataset().toAbsolutePath().normalize();
        for (Step s : op.steps()) {
            Path to = s.to().toAbsolutePath().normalize();
            boolean inside = to.startsWith(root) && !to.equals(root) && to.equals(s.to().toAbsolutePath());
            if (!inside && !op.restores().contains(s.to())) {
                throw new LabellingException("Refused: " + s.to() + " is outside the dataset " + root);
            }
            if (s.kind() == Step.Kind.MOVE && s.from() != null && s.from().toAbsolutePath().normalize().equals(root)) {
                throw new LabellingException("Refused: the dataset folder itself cannot be moved");
            }
        }
    }
}
