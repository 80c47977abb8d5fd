package dev.graft.ui.labelling;

import dev.graft.core.run.Failures;
import dev.graft.core.labelling.Labeller;
import dev.graft.core.labelling.LabellingException;
import dev.graft.core.labelling.Recovery;
import dev.graft.ui.common.Background;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Labelling, without a toolkit: the inbox of unlabelled images and the classes (with counts and
 * number keys), the images of the one shown, the selection, the model's predictions for the inbox
 * (surest first, or hardest first), and every action — drops from the file manager, drags between
 * classes, number keys, accepting predictions, creating, renaming and deleting classes, undo and
 * redo. The file work is done by {@link Labeller} in the background; this class only decides what
 * to ask for and shows what happened.
 *
 * <p>What is listed and shown (the folder, the tiles, the predictions, the selection) is
 * {@link LabellingBrowser}'s, this class's superclass; the actions and their outcome are here.
 */
public final class LabellingViewModel extends LabellingBrowser {

    /** Most classes that get a number key. */
    public static final int KEYS = 9;

    private final Background background;
    private final Runnable changed;
    private final StringProperty newClassName = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final BooleanProperty busy = new SimpleBooleanProperty();

    /**
     * Creates the view-model.
     *
     * @param background where file work and inference run
     * @param labellers makes the labeller of a folder ({@code Labeller::new} in the app)
     * @param predictor classifies inbox images with a run's model
     * @param say puts a message in the window's status bar
     * @param changed told after every change to the dataset (the dataset view rescans)
     */
    public LabellingViewModel(Background background, Function<Path, Labeller> labellers, Predictor predictor,
            Consumer<String> say, Runnable changed) {
        super(background, labellers, predictor, say);
        this.background = background;
        this.changed = changed;
    }

    // ------------------------------------------------------------------ actions

    /**
     * Files dropped from the file manager on a class or the inbox.
     *
     * @param files files and folders
     * @param target where they go
     * @param move true when the user asked for a move (the platform's move modifier)
     */
    public void dropFromOutside(List<Path> files, Bucket target, boolean move) {
        String cls = target == null ? null : target.cls();
        run(() -> labeller.add(files, cls, move));
    }

    /**
     * Files dropped on "New class": a class named after the field (or "new class") is created.
     *
     * @param files the files
     * @param fromOutside true for a drop from the file manager, false for images of the dataset
     * @param move for files from outside: move instead of copy
     */
    public void dropOnNewClass(List<Path> files, boolean fromOutside, boolean move) {
        String name = newClassName.get() == null || newClassName.get().isBlank() ? freeName("new class")
                : newClassName.get().strip();
        newClassName.set("");
        run(() -> fromOutside ? labeller.add(files, name, move) : labeller.move(files, name));
    }

    /**
     * Images of the dataset dragged onto a class or the inbox.
     *
     * @param files the images
     * @param target the class or inbox
     */
    public void moveTo(List<Path> files, Bucket target) {
        run(() -> labeller.move(files, target.cls()));
    }

    /**
     * Moves images of the dataset to a class by name (relabelling from the results).
     *
     * @param files the images
     * @param cls the class
     */
    public void relabel(List<Path> files, String cls) {
        run(() -> labeller.move(files, cls));
    }

    /**
     * A number key: the selected images go to the class with that key.
     *
     * @param key 1-9
     * @return false when no class has that key or nothing is selected
     */
    public boolean assignKey(int key) {
        Bucket target = buckets().stream().filter(b -> b.key() == key).findFirst().orElse(null);
        List<Path> files = selected();
        if (target == null || files.isEmpty()) {
            say(target == null ? "No class has the key " + key + "." : "Select images first (click, Ctrl+click,"
                    + " Shift+click), then press the class's number.");
            return false;
        }
        run(() -> labeller.move(files, target.cls()));
        return true;
    }

    /** Enter: the selected inbox images go to the classes the model predicted for each. */
    public void acceptSelected() {
        Map<Path, String> sorting = new LinkedHashMap<>();
        for (Tile t : tiles()) {
            if (selection().contains(t.file()) && t.predicted() != null) {
                sorting.put(t.file(), t.predicted());
            }
        }
        if (sorting.isEmpty()) {
            say("No prediction to accept: select inbox images that show a predicted class.");
            return;
        }
        run(() -> labeller.sort(sorting));
    }

    /**
     * Accepts a confident group: every inbox image predicted as the class at or above the threshold.
     *
     * @param cls the predicted class
     */
    public void acceptGroup(String cls) {
        Map<Path, String> sorting = confident(cls);
        if (!sorting.isEmpty()) {
            run(() -> labeller.sort(sorting));
        }
    }

    /**
     * The A key: accepts the confident group of the first selected image's prediction (or, with
     * nothing selected, the largest confident group).
     */
    public void acceptGroupOfSelection() {
        String cls = tiles().stream().filter(t -> selection().contains(t.file()) && t.predicted() != null)
                .map(Tile::predicted).findFirst().orElse(groups().isEmpty() ? null : groups().get(0).cls());
        if (cls == null) {
            say("No confident group: the model is not at least " + Math.round(100 * thresholdProperty().get())
                    + " % sure of any inbox image.");
            return;
        }
        acceptGroup(cls);
    }

    /** Shift+A: accepts every confident group at once. */
    public void acceptAllConfident() {
        Map<Path, String> sorting = confident(null);
        if (!sorting.isEmpty()) {
            run(() -> labeller.sort(sorting));
        }
    }

    /** Delete: the selected images go to the dataset's trash. */
    public void trashSelected() {
        List<Path> files = selected();
        if (!files.isEmpty()) {
            run(() -> labeller.trash(files));
        }
    }

    /**
     * Creates a class.
     *
     * @param name its name
     */
    public void createClass(String name) {
        run(() -> labeller.createClass(name.strip()));
    }

    /**
     * Renames a class.
     *
     * @param from the class
     * @param to the new name
     */
    public void renameClass(String from, String to) {
        run(() -> labeller.renameClass(from, to.strip()));
    }

    /**
     * Deletes a class (to the dataset's trash).
     *
     * @param cls the class
     */
    public void deleteClass(String cls) {
        run(() -> labeller.deleteClass(cls));
    }

    /** Ctrl+Z. */
    public void undo() {
        if (labeller == null || labeller.undoable().isEmpty()) {
            say("Nothing to undo.");
            return;
        }
        run(labeller::undo);
    }

    /** Ctrl+Shift+Z. */
    public void redo() {
        if (labeller == null || labeller.redoable().isEmpty()) {
            say("Nothing to redo.");
            return;
        }
        run(labeller::redo);
    }

    /**
     * Completes or rolls back operations a crash interrupted, and tells the user (at start).
     *
     * @param recovery runs the recovery ({@code Recovery::run} in the app)
     */
    public void recover(Callable<List<Recovery.Recovered>> recovery) {
        background.run(recovery, found -> {
            if (found.isEmpty()) {
                return;
            }
            List<String> lines = new ArrayList<>();
            for (Recovery.Recovered r : found) {
                lines.add(r.message());
                if (r.outcome() == Recovery.Outcome.COMPLETED) {
                    recovered.add(r.operation());
                    if (labeller != null) {
                        labeller.adopt(r.operation());
                    }
                }
            }
            banner.set(String.join("\n", lines));
            say(lines.get(0) + (lines.size() > 1 ? " (and " + (lines.size() - 1) + " more: see the Label tab)" : ""));
            undoStatus.update(labeller);
            reload();
            changed.run();
        }, failure -> say("Cannot read the labelling journal: " + Failures.describe(failure)));
    }

    private void run(Callable<Labeller.Result> op) {
        if (labeller == null) {
            say("Open a folder first (Ctrl+O, or drop it on the window).");
            return;
        }
        busy.set(true);
        background.run(op, result -> {
            busy.set(false);
            if (result != null) {
                message.set(result.message());
                say(result.message());
            }
            undoStatus.update(labeller);
            reload();
            changed.run();
        }, failure -> {
            busy.set(false);
            String why = failure instanceof LabellingException ? failure.getMessage() : Failures.describe(failure);
            message.set(why);
            say(why);
            undoStatus.update(labeller);
            reload();
            changed.run();
        });
    }

    private String freeName(String base) {
        List<String> taken = buckets().stream().map(Bucket::cls).filter(Objects::nonNull)
                .map(c -> c.toLowerCase(Locale.ROOT)).toList();
        String name = base;
        for (int i = 2; taken.contains(name.toLowerCase(Locale.ROOT))
                || folderProperty().get() != null && Files.exists(folderProperty().get().resolve(name)); i++) {
            name = base + " " + i;
        }
        return name;
    }

    // ------------------------------------------------------------------ properties

    /** @return the name a class dropped on "New class" gets */
    public StringProperty newClassNameProperty() {
        return newClassName;
    }

    /** @return what the last action did */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** @return what Ctrl+Z would undo */
    public ReadOnlyStringProperty undoTextProperty() {
        return undoStatus.undoText();
    }

    /** @return what Ctrl+Shift+Z would redo */
    public ReadOnlyStringProperty redoTextProperty() {
        return undoStatus.redoText();
    }

    /** @return true when there is something to undo */
    public ReadOnlyBooleanProperty canUndoProperty() {
        return undoStatus.canUndo();
    }

    /** @return true when there is something to redo */
    public ReadOnlyBooleanProperty canRedoProperty() {
        return undoStatus.canRedo();
    }

    /** @return true while a file operation runs */
    public BooleanProperty busyProperty() {
        return busy;
    }
}
