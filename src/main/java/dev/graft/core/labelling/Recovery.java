package dev.graft.core.labelling;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What happens at start: every labelling operation that a dead process (a crash, a kill -9, a
 * power cut) left half-done is completed, or rolled back when it cannot be completed, and the user
 * is told which.
 */
public final class Recovery {

    /** How an interrupted operation ended. */
    public enum Outcome {
        /** Every step is done now. */
        COMPLETED,
        /** Every step is undone now (it could not be completed). */
        ROLLED_BACK,
        /** Neither worked (e.g. the disk is still read-only): it stays in the journal for next time. */
        STUCK
    }

    /**
     * One interrupted operation and what became of it.
     *
     * @param operation the operation
     * @param outcome completed, rolled back or stuck
     * @param stepsDoneBefore how many of its steps had happened when it was found
     * @param problem why it could not be completed, or null
     */
    public record Recovered(Operation operation, Outcome outcome, int stepsDoneBefore, String problem) {

        /**
         * @return one sentence for the user (whether Ctrl+Z undoes a completed operation depends on
         *     the folder open, so the window adds that)
         */
        public String message() {
            String what = "Graft was interrupted while it was doing \"" + operation.description() + "\" in "
                    + operation.dataset() + " (" + stepsDoneBefore + " of " + operation.steps().size()
                    + " steps done)";
            return switch (outcome) {
                case COMPLETED -> what + ": it has now been completed.";
                case ROLLED_BACK -> what + ": it could not be completed (" + problem + "), so it was rolled back;"
                        + " every file is where it was before.";
                case STUCK -> what + ": it could be neither completed nor rolled back (" + problem + "). Every file"
                        + " is in its old or its new place; Graft tries again at its next start.";
            };
        }
    }

    private Recovery() {}

    /**
     * Recovers every abandoned operation in a journal.
     *
     * @param journal the journal
     * @param ops the file system
     * @return what was found and done, oldest first (empty when nothing was interrupted)
     * @throws IOException if the journal cannot be read
     */
    public static List<Recovered> run(Journal journal, FileOps ops) throws IOException {
        OperationRunner runner = new OperationRunner(journal, ops, null);
        List<Recovered> out = new ArrayList<>();
        for (Journal.Entry entry : journal.claimAbandoned()) {
            Operation op = entry.operation();
            int doneBefore = runner.stepsDone(op);
            OperationRunner.Unfinished left = runner.complete(entry);
            out.add(left == null ? new Recovered(op, Outcome.COMPLETED, doneBefore, null)
                    : new Recovered(op, left.rolledBack() ? Outcome.ROLLED_BACK : Outcome.STUCK, doneBefore,
                            left.problem()));
        }
        return out;
    }

    /**
     * Recovers every abandoned operation in the standard journal.
     *
     * @return what was found and done
     * @throws IOException if the journal cannot be read
     */
    public static List<Recovered> run() throws IOException {
        return run(Journal.standard(), FileOps.SYSTEM);
    }
}
