package dev.graft.ui.labelling;

import dev.graft.core.labelling.Labeller;
import dev.graft.core.labelling.Recovery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the start-up recovery did after a crash, as the Label tab's notice says it: each interrupted
 * operation with its outcome, "Ctrl+Z undoes it" only while Ctrl+Z really would (it is the open
 * folder's next undo), and otherwise which folder to open to undo it. Notices about other folders
 * are shown until the user opens another folder; a folder's own notice until the user acts there.
 * Separate from the view-model because it is the one piece of labelling state that outlives
 * switching folders.
 */
final class RecoveryNotices {

    private final List<Recovery.Recovered> notices = new ArrayList<>();
    /** True until the user opens another folder: then only the open folder's notices are shown. */
    private boolean othersShown = true;

    /**
     * Adds what a recovery found.
     *
     * @param found the interrupted operations and their outcomes
     */
    void add(List<Recovery.Recovered> found) {
        notices.addAll(found);
    }

    /** Another folder was opened: notices about other folders have been seen. */
    void folderChanged() {
        othersShown = false;
    }

    /**
     * The user acted in a folder: its notices have done their job.
     *
     * @param root the folder (as its labeller knows it)
     */
    void dismiss(Path root) {
        notices.removeIf(n -> n.operation().dataset().equals(root));
        othersShown = false;
    }

    /**
     * The notice to show.
     *
     * @param open the open folder's labeller, or null
     * @return one line per notice, or "" for none
     */
    String text(Labeller open) {
        List<String> lines = new ArrayList<>();
        for (Recovery.Recovered n : notices) {
            boolean here = open != null && open.root().equals(n.operation().dataset());
            if (!here && !othersShown) {
                continue;
            }
            String line = n.message();
            if (n.outcome() == Recovery.Outcome.COMPLETED) {
                boolean undoable = here && open.undoable().map(d -> d.equals(n.operation().description()))
                        .orElse(false);
                line += undoable ? " Ctrl+Z undoes it." : here ? "" : " To undo it, open that folder and press Ctrl+Z.";
            }
            lines.add(line);
        }
        return String.join("\n", lines);
    }
}
