package dev.graft.ui.labelling;

import dev.graft.core.labelling.Labeller;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What the Undo and Redo buttons show: whether each is possible and what it would do, read from
 * the labeller after every operation. Separate from {@link LabellingViewModel} so that the four
 * properties and the one place they are set stay together.
 */
final class UndoStatus {

    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper redoText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();

    /**
     * Reads what can be undone and redone.
     *
     * @param l the labeller, or null when no folder is open
     */
    void update(Labeller l) {
        String u = l == null ? null : l.undoable().orElse(null);
        String r = l == null ? null : l.redoable().orElse(null);
        canUndo.set(u != null);
        canRedo.set(r != null);
        undoText.set(u == null ? "Nothing to undo" : "Undo: " + u + " (Ctrl+Z)");
        redoText.set(r == null ? "Nothing to redo" : "Redo: " + r + " (Ctrl+Shift+Z)");
    }

    ReadOnlyStringProperty undoText() {
        return undoText.getReadOnlyProperty();
    }

    ReadOnlyStringProperty redoText() {
        return redoText.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty canUndo() {
        return canUndo.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty canRedo() {
        return canRedo.getReadOnlyProperty();
    }
}
