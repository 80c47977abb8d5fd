package dev.graft.ui.labelling;

import dev.graft.core.run.Failures;

import dev.graft.core.data.DatasetScan;
import dev.graft.core.labelling.Labeller;
import dev.graft.core.labelling.LabellingException;
import dev.graft.core.labelling.Recovery;
import dev.graft.ui.common.Background;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

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
    private final StringProperty newClassName = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();

    /**
     * Creates the view-model.
     *
     * @param background where file work and inference run
     * @param labellers makes the labeller of a folder ({@code Labeller::new} in the app)
     * @param predictor classifies inbox images with a run's model
     * @param say puts a message in the window's status bar
     * @param scans the dataset's newest scan, which this view lists (the Dataset tab's own)
     * @param rescan asks for a new scan after a change to the dataset (cheap when nothing changed)
     */
    public LabellingViewModel(Background background, Function<Path, Labeller> labellers, Predictor predictor,
            Consumer<String> say, ObservableValue<DatasetScan> scans, Runnable rescan) {
        super(background, labellers, predictor, say, scans, rescan);
        this.background = background;
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
     * Files dropped on "New class": a class named after the field is created (the view asks for a
     * name first when the field is empty; without one nothing happens).
     *
     * @param files the files
     * @param fromOutside true for a drop from the file manager, false for images of the dataset
     * @param move for files from outside: move instead of copy
     */
    public void dropOnNewClass(List<Path> files, boolean fromOutside, boolean move) {
        if (newClassName.get() == null || newClassName.get().isBlank()) {
            tell("Type a name for the new class first, then drop the images on \"New class\" (nothing was"
                    + " added).");
            return;
        }
        String name = newClassName.get().strip();
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
            tell(target == null ? "No class has the key " + key + "." : "Select images first (click, Ctrl+click,"
                    + " Shift+click), then press the class's number.");
            return false;
        }
        run(() -> labeller.move(files, target.cls()));
        return true;
    }

    /**
     * Enter: the selected inbox images go to the classes the model predicted for each (the user has
     * looked at them). A prediction for a class the dataset no longer has is not accepted: that
     * would make its folder again beside the class's new name.
     */
    public void acceptSelected() {
        Map<Path, String> sorting = new LinkedHashMap<>();
        java.util.Set<String> missing = new java.util.TreeSet<>();
        for (Tile t : tiles()) {
            if (selection().contains(t.file()) && t.predicted() != null) {
                String target = targetOf(t.predicted());
                if (target == null) {
                    missing.add(t.predicted());
                } else {
                    sorting.put(t.file(), target);
                }
            }
        }
        if (sorting.isEmpty()) {
            tell(missing.isEmpty() ? "No prediction to accept: select inbox images that show a predicted class."
                    : noSuchClass(missing));
            return;
        }
        run(() -> labeller.sort(sorting));
    }

    /**
     * Reviews a sure group before accepting it: the grid shows the images that would move; nothing
     * moves until {@link #confirmReview()}.
     *
     * @param predicted the model's class of the group
     */
    public void acceptGroup(String predicted) {
        String target = targetOf(predicted);
        if (target == null) {
            tell(noSuchClass(java.util.Set.of(predicted)));
            return;
        }
        acceptGroupAs(predicted, target);
    }

    /**
     * Reviews a sure group as going to a class the user chose (the model's class is gone).
     *
     * @param predicted the model's class of the group
     * @param cls the dataset's class its images go to
     */
    public void acceptGroupAs(String predicted, String cls) {
        List<Path> files = new ArrayList<>(sure(predicted).keySet());
        if (files.isEmpty()) {
            tell("No sure images predicted as '" + predicted + "' are left in the inbox.");
            return;
        }
        Map<String, List<Path>> byClass = new LinkedHashMap<>();
        byClass.put(cls, files);
        startReview(byClass, java.util.Set.of());
    }

    /**
     * The A key: reviews the sure group of the first selected image's prediction (or, with nothing
     * selected, the largest sure group).
     */
    public void acceptGroupOfSelection() {
        String cls = tiles().stream().filter(t -> selection().contains(t.file()) && t.predicted() != null)
                .map(Tile::predicted).findFirst().orElse(groups().isEmpty() ? null : groups().get(0).predicted());
        if (cls == null) {
            tell("No sure group: the model is not at least " + Math.round(100 * thresholdProperty().get())
                    + " % sure of any familiar inbox image.");
            return;
        }
        acceptGroup(cls);
    }

    /**
     * Shift+A, "Accept all sure": reviews every sure group at once, showing how many images will
     * move to which class; nothing moves until {@link #confirmReview()}. Groups whose class the
     * dataset no longer has are left out and named.
     */
    public void acceptAllConfident() {
        Map<String, List<Path>> byClass = new LinkedHashMap<>();
        java.util.Set<String> missing = new java.util.TreeSet<>();
        for (Group g : groups()) {
            if (g.target() == null) {
                missing.add(g.predicted());
            } else {
                byClass.computeIfAbsent(g.target(), c -> new ArrayList<>()).addAll(sure(g.predicted()).keySet());
            }
        }
        if (byClass.isEmpty()) {
            tell(!missing.isEmpty() ? noSuchClass(missing) : "No sure images: the model is not at least "
                    + Math.round(100 * thresholdProperty().get()) + " % sure of any familiar inbox image.");
            return;
        }
        startReview(byClass, java.util.Set.of());
        if (!missing.isEmpty()) {
            tell(noSuchClass(missing));
        }
    }

    private void startReview(Map<String, List<Path>> byClass, java.util.Set<Path> leftOut) {
        selection().clear();
        review.set(new SureReview(byClass, leftOut));
    }

    /**
     * Leaves an image of the review out (or puts it back in).
     *
     * @param file an image of the review
     */
    public void leaveOut(Path file) {
        SureReview r = review.get();
        if (r != null && r.files().contains(file)) {
            review.set(r.toggle(file));
        }
    }

    /** Moves the reviewed images, as one operation (one Ctrl+Z takes them all back). */
    public void confirmReview() {
        SureReview r = review.get();
        if (r == null) {
            return;
        }
        Map<Path, String> moves = r.moves();
        review.set(null);
        if (moves.isEmpty()) {
            tell("Nothing moved: every image was left out.");
            return;
        }
        run(() -> labeller.sort(moves));
    }

    /** Closes the review; nothing moves. */
    public void cancelReview() {
        review.set(null);
    }

    private String noSuchClass(java.util.Set<String> predicted) {
        String names = String.join("', '", predicted);
        return "The model's " + (predicted.size() == 1 ? "class '" + names + "' is" : "classes '" + names + "' are")
                + " not in the dataset now (renamed or deleted since it was trained): there is no class '" + names
                + "' to put its images in. Use \"accept as…\" on its group to choose the class, or drag the images"
                + " onto it.";
    }

    /**
     * "Where did it look?" on an image (a tile's menu) or on the selection (H, the button): the
     * request to open, or, when there is none, the reason, told like any action's outcome.
     *
     * @param file the image, or null for the selected one
     * @return the request; the view opens the heat map only when it is available
     */
    public InboxHeatMap requestHeatMap(Path file) {
        InboxHeatMap h = file == null ? heatMapOfSelection() : heatMap(file);
        if (!h.available()) {
            tell(h.unavailable());
        }
        return h;
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
        String name = to.strip();
        // the model still says the old name: from now on its predictions go to the renamed class;
        // the class keeps its number key
        run(() -> labeller.renameClass(from, name), () -> {
            renames.put(from, name);
            keys.renamed(from, name);
        });
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
            tell("Nothing to undo.");
            return;
        }
        run(labeller::undo);
    }

    /** Ctrl+Shift+Z. */
    public void redo() {
        if (labeller == null || labeller.redoable().isEmpty()) {
            tell("Nothing to redo.");
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
            for (Recovery.Recovered r : found) {
                if (r.outcome() == Recovery.Outcome.COMPLETED) {
                    recovered.add(r.operation());
                    if (labeller != null) {
                        labeller.adopt(r.operation());
                    }
                }
            }
            recoveries.add(found);
            undoStatus.update(labeller);
            updateBanner();
            say(found.get(0).message() + (found.size() > 1 ? " (and " + (found.size() - 1) + " more: see the Label"
                    + " tab)" : " See the Label tab."));
            reload();
        }, failure -> say("Cannot read the labelling journal: " + Failures.describe(failure)));
    }

    private void run(Callable<Labeller.Result> op) {
        run(op, () -> { });
    }

    private void run(Callable<Labeller.Result> op, Runnable done) {
        if (labeller == null) {
            tell("Open a folder first (Ctrl+O, or drop it on the window).");
            return;
        }
        busy.set(true);
        background.run(op, result -> {
            busy.set(false);
            done.run();
            if (result != null) {
                tell(result.message());
            }
            undoStatus.update(labeller);
            reload();
        }, failure -> {
            busy.set(false);
            tell(failure instanceof LabellingException ? failure.getMessage() : Failures.describe(failure));
            undoStatus.update(labeller);
            reload();
        });
    }

    /**
     * Says what the user's last action did, or why it did nothing: in the status bar, and on the
     * Label tab in full until the next action (a rescan's news must not hide it).
     */
    private void tell(String text) {
        message.set(text);
        say(text);
        if (labeller != null) {
            recoveries.dismiss(labeller.root());
        }
        updateBanner();
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
