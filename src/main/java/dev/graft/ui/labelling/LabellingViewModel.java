package dev.graft.ui.labelling;

import dev.graft.core.labelling.Labeller;
import dev.graft.core.labelling.LabellingException;
import dev.graft.core.labelling.Operation;
import dev.graft.core.labelling.Recovery;
import dev.graft.engine.data.ImageClassifier;
import dev.graft.ui.common.Background;
import dev.graft.ui.common.Latest;
import dev.graft.ui.common.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

/**
 * Labelling, without a toolkit: the inbox of unlabelled images and the classes (with counts and
 * number keys), the images of the one shown, the selection, the model's predictions for the inbox
 * (surest first, or hardest first), and every action — drops from the file manager, drags between
 * classes, number keys, accepting predictions, creating, renaming and deleting classes, undo and
 * redo. The file work is done by {@link Labeller} in the background; this class only decides what
 * to ask for and shows what happened.
 */
public final class LabellingViewModel {

    /** Most classes that get a number key. */
    public static final int KEYS = 9;

    /** How the inbox is ordered. */
    public enum Sort {
        /** The model's surest predictions first: accept them in groups. */
        SUREST_FIRST("Surest first"),
        /** The model's least sure predictions first: label where the model needs it. */
        HARDEST_FIRST("Hardest first"),
        /** By file name. */
        NAME("By name");

        private final String label;

        Sort(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * A place images can be: the inbox or a class.
     *
     * @param cls the class, null for the inbox
     * @param count images in it
     * @param key its number key (1-9), 0 for none
     */
    public record Bucket(String cls, int count, int key) {
        /** @return true for the inbox */
        public boolean inbox() {
            return cls == null;
        }

        /** @return what the list shows */
        public String label() {
            return (key > 0 ? key + "  " : "") + (cls == null ? "Unlabelled (inbox)" : cls) + "  ·  " + count;
        }
    }

    /**
     * An image in the grid.
     *
     * @param file the file
     * @param predicted the model's class for it (inbox only), or null
     * @param confidence the model's probability for that class
     */
    public record Tile(Path file, String predicted, double confidence) {
        /** @return the caption */
        public String caption() {
            return predicted == null ? file.getFileName().toString()
                    : String.format(Locale.ROOT, "%s %.0f %%", predicted, 100 * confidence);
        }
    }

    /**
     * Inbox images the model puts in one class at or above the threshold.
     *
     * @param cls the predicted class
     * @param count how many
     */
    public record Group(String cls, int count) {}

    /** Classifies inbox images with a run's model. */
    @FunctionalInterface
    public interface Predictor {
        /**
         * Classifies files.
         *
         * @param run the run (or model) folder
         * @param files the images
         * @return one prediction per file
         * @throws Exception if the model cannot be loaded
         */
        List<ImageClassifier.Prediction> predict(Path run, List<Path> files) throws Exception;
    }

    /** What one listing of the dataset found. */
    private record Listing(Path root, List<String> classes, Map<String, Integer> counts, List<Path> inbox,
            List<Path> shown) {}

    private final Background background;
    private final Function<Path, Labeller> labellers;
    private final Predictor predictor;
    private final Consumer<String> say;
    private final Runnable changed;
    private final Latest listing;
    private final Latest predicting;
    private Labeller labeller;
    private Listing last;
    private Path anchor;
    private final List<Operation> recovered = new ArrayList<>();
    private final Map<Path, ImageClassifier.Prediction> predictions = new HashMap<>();
    private Path modelRun;
    private String modelName;
    /** The model could not be used: not asked again until another run is chosen. */
    private boolean modelFailed;

    private final ObjectProperty<Path> folder = new SimpleObjectProperty<>();
    private final ObservableList<Bucket> buckets = FXCollections.observableArrayList();
    private final ObjectProperty<Bucket> shown = new SimpleObjectProperty<>();
    private final ObservableList<Tile> tiles = FXCollections.observableArrayList();
    private final ObservableSet<Path> selection = FXCollections.observableSet();
    private final ObjectProperty<Sort> sort = new SimpleObjectProperty<>(Sort.SUREST_FIRST);
    private final DoubleProperty threshold = new SimpleDoubleProperty(0.9);
    private final ObservableList<Group> groups = FXCollections.observableArrayList();
    private final StringProperty newClassName = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper modelInfo = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper redoText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper();
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
        this.background = background;
        this.labellers = labellers;
        this.predictor = predictor;
        this.say = say;
        this.changed = changed;
        this.listing = new Latest(background);
        this.predicting = new Latest(background);
        shown.addListener((o, a, b) -> {
            if (b != null && (a == null || !java.util.Objects.equals(a.cls(), b.cls()))) {
                selection.clear();
                anchor = null;
                reload();
            }
        });
        sort.addListener((o, a, b) -> retile());
        threshold.addListener((o, a, b) -> regroup());
    }

    // ------------------------------------------------------------------ opening and listing

    /**
     * Opens a folder for labelling. Any folder can be one: the images lying directly in it are the
     * inbox, its sub-folders the classes.
     *
     * @param dir the folder
     */
    public void open(Path dir) {
        if (dir.equals(folder.get()) && labeller != null) {
            reload();
            return;
        }
        folder.set(dir);
        labeller = labellers.apply(dir);
        for (Operation op : recovered) {
            labeller.adopt(op);
        }
        predictions.clear();
        selection.clear();
        anchor = null;
        last = null;
        shown.set(null);
        updateUndo();
        reload();
    }

    /** Lists the folder again (after a change, or when a file manager changed it). */
    public void reload() {
        Labeller l = labeller;
        if (l == null) {
            return;
        }
        Bucket want = shown.get();
        listing.run(() -> {
            List<String> classes = l.classes();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String c : classes) {
                counts.put(c, l.imagesOf(c).size());
            }
            List<Path> inbox = l.inbox();
            String cls = want == null ? null : want.cls();
            List<Path> images = cls == null ? inbox : classes.contains(cls) ? l.imagesOf(cls) : inbox;
            return new Listing(l.root(), classes, counts, inbox, images);
        }, this::show, failure -> say("Cannot list " + folder.get() + ": " + Messages.of(failure)));
    }

    private void show(Listing l) {
        last = l;
        List<Bucket> list = new ArrayList<>();
        list.add(new Bucket(null, l.inbox().size(), 0));
        for (int i = 0; i < l.classes().size(); i++) {
            String c = l.classes().get(i);
            list.add(new Bucket(c, l.counts().get(c), i < KEYS ? i + 1 : 0));
        }
        Bucket before = shown.get();
        buckets.setAll(list);
        // the same bucket with its new count; the inbox when the shown class is gone (its listener lists again)
        shown.set(list.stream().filter(b -> before != null && java.util.Objects.equals(b.cls(), before.cls()))
                .findFirst().orElse(list.get(0)));
        if (l.classes().isEmpty()) {
            banner.set(l.root().getFileName() + " is not a dataset yet: " + images(l.inbox().size())
                    + " wait in the inbox. Create a class (type a name, or drop images on \"New class\") to start"
                    + " labelling here.");
        } else if (banner.get().contains("is not a dataset yet")) {
            banner.set("");
        }
        retile();
        predictMissing();
    }

    private void retile() {
        Listing l = last;
        if (l == null) {
            tiles.clear();
            groups.clear();
            return;
        }
        boolean inbox = shown.get() == null || shown.get().inbox();
        List<Tile> list = new ArrayList<>();
        for (Path f : l.shown()) {
            ImageClassifier.Prediction p = inbox ? predictions.get(f) : null;
            list.add(p == null || p.label() == null ? new Tile(f, null, 0) : new Tile(f, p.label(), p.confidence()));
        }
        Comparator<Tile> byName = Comparator.comparing(t -> t.file().getFileName().toString());
        Comparator<Tile> order = switch (sort.get()) {
            case NAME -> byName;
            // unpredicted images last in both views
            case SUREST_FIRST -> Comparator.comparing((Tile t) -> t.predicted() == null)
                    .thenComparing(Comparator.comparingDouble(Tile::confidence).reversed()).thenComparing(byName);
            case HARDEST_FIRST -> Comparator.comparing((Tile t) -> t.predicted() == null)
                    .thenComparingDouble(Tile::confidence).thenComparing(byName);
        };
        list.sort(order);
        tiles.setAll(list);
        selection.retainAll(list.stream().map(Tile::file).toList());
        regroup();
    }

    private void regroup() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        if (last != null) {
            for (Path f : last.inbox()) {
                ImageClassifier.Prediction p = predictions.get(f);
                if (p != null && p.label() != null && p.confidence() >= threshold.get()) {
                    counts.merge(p.label(), 1, Integer::sum);
                }
            }
        }
        List<Group> list = new ArrayList<>();
        counts.forEach((c, n) -> list.add(new Group(c, n)));
        list.sort(Comparator.comparingInt(Group::count).reversed().thenComparing(Group::cls));
        groups.setAll(list);
    }

    // ------------------------------------------------------------------ the model's predictions

    /**
     * Uses a run's model to pre-sort the inbox (null: no model).
     *
     * @param run the run folder with a model, or null
     * @param name the run's name, for messages
     */
    public void setModel(Path run, String name) {
        if (java.util.Objects.equals(run, modelRun)) {
            return;
        }
        modelRun = run;
        modelName = name;
        modelFailed = false;
        predictions.clear();
        predicting.cancel();
        modelInfo.set(run == null ? "Train a model and it pre-sorts the inbox here: surest first, or hardest first."
                : "Run '" + name + "' pre-sorts the inbox …");
        retile();
        predictMissing();
    }

    private void predictMissing() {
        Path run = modelRun;
        if (run == null || last == null || modelFailed) {
            return;
        }
        List<Path> missing = last.inbox().stream().filter(f -> !predictions.containsKey(f)).toList();
        if (missing.isEmpty()) {
            if (!last.inbox().isEmpty()) {
                modelInfo.set(predictedInfo());
            }
            return;
        }
        modelInfo.set("Run '" + modelName + "' is classifying " + images(missing.size()) + " in the inbox …");
        predicting.run(() -> predictor.predict(run, missing), found -> {
            if (!run.equals(modelRun)) {
                return;
            }
            for (ImageClassifier.Prediction p : found) {
                predictions.put(p.file(), p);
            }
            modelInfo.set(predictedInfo());
            retile();
        }, failure -> {
            if (run.equals(modelRun)) {
                modelFailed = true;
                modelInfo.set("Run '" + modelName + "' cannot pre-sort the inbox: " + Messages.of(failure));
            }
        });
    }

    private String predictedInfo() {
        return "Run '" + modelName + "' pre-sorted the inbox: each image shows its predicted class and how sure the"
                + " model is.";
    }

    // ------------------------------------------------------------------ selection

    /**
     * A click on an image.
     *
     * @param file the image
     * @param toggle Ctrl (⌘) held: add or remove it
     * @param range Shift held: select from the last clicked image to this one
     */
    public void click(Path file, boolean toggle, boolean range) {
        List<Path> order = tiles.stream().map(Tile::file).toList();
        if (range && anchor != null && order.contains(anchor) && order.contains(file)) {
            int a = order.indexOf(anchor);
            int b = order.indexOf(file);
            if (!toggle) {
                selection.clear();
            }
            selection.addAll(order.subList(Math.min(a, b), Math.max(a, b) + 1));
            return;
        }
        if (toggle) {
            if (!selection.remove(file)) {
                selection.add(file);
            }
        } else {
            selection.clear();
            selection.add(file);
        }
        anchor = file;
    }

    /** Selects every image shown. */
    public void selectAll() {
        selection.addAll(tiles.stream().map(Tile::file).toList());
    }

    /** @return the selected images in grid order */
    public List<Path> selected() {
        return tiles.stream().map(Tile::file).filter(selection::contains).toList();
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
        Bucket target = buckets.stream().filter(b -> b.key() == key).findFirst().orElse(null);
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
        for (Tile t : tiles) {
            if (selection.contains(t.file()) && t.predicted() != null) {
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
        String cls = tiles.stream().filter(t -> selection.contains(t.file()) && t.predicted() != null)
                .map(Tile::predicted).findFirst().orElse(groups.isEmpty() ? null : groups.get(0).cls());
        if (cls == null) {
            say("No confident group: the model is not at least " + Math.round(100 * threshold.get())
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

    private Map<Path, String> confident(String cls) {
        Map<Path, String> out = new LinkedHashMap<>();
        if (last == null) {
            return out;
        }
        for (Path f : last.inbox()) {
            ImageClassifier.Prediction p = predictions.get(f);
            if (p != null && p.label() != null && p.confidence() >= threshold.get()
                    && (cls == null || cls.equals(p.label()))) {
                out.put(f, p.label());
            }
        }
        return out;
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
            updateUndo();
            reload();
            changed.run();
        }, failure -> say("Cannot read the labelling journal: " + Messages.of(failure)));
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
            updateUndo();
            reload();
            changed.run();
        }, failure -> {
            busy.set(false);
            String why = failure instanceof LabellingException ? failure.getMessage() : Messages.of(failure);
            message.set(why);
            say(why);
            updateUndo();
            reload();
            changed.run();
        });
    }

    private void updateUndo() {
        Labeller l = labeller;
        String u = l == null ? null : l.undoable().orElse(null);
        String r = l == null ? null : l.redoable().orElse(null);
        canUndo.set(u != null);
        canRedo.set(r != null);
        undoText.set(u == null ? "Nothing to undo" : "Undo: " + u + " (Ctrl+Z)");
        redoText.set(r == null ? "Nothing to redo" : "Redo: " + r + " (Ctrl+Shift+Z)");
    }

    private String freeName(String base) {
        List<String> taken = buckets.stream().map(Bucket::cls).filter(java.util.Objects::nonNull)
                .map(c -> c.toLowerCase(Locale.ROOT)).toList();
        String name = base;
        for (int i = 2; taken.contains(name.toLowerCase(Locale.ROOT))
                || folder.get() != null && Files.exists(folder.get().resolve(name)); i++) {
            name = base + " " + i;
        }
        return name;
    }

    private void say(String text) {
        say.accept(text);
    }

    private static String images(int n) {
        return n == 1 ? "1 image" : n + " images";
    }

    // ------------------------------------------------------------------ properties

    /** @return the folder being labelled */
    public ObjectProperty<Path> folderProperty() {
        return folder;
    }

    /** @return the inbox first, then the classes */
    public ObservableList<Bucket> buckets() {
        return buckets;
    }

    /** @return the inbox or class whose images are shown */
    public ObjectProperty<Bucket> shownProperty() {
        return shown;
    }

    /** @return the images shown, in the chosen order */
    public ObservableList<Tile> tiles() {
        return tiles;
    }

    /** @return the selected images */
    public ObservableSet<Path> selection() {
        return selection;
    }

    /** @return the inbox order */
    public ObjectProperty<Sort> sortProperty() {
        return sort;
    }

    /** @return how sure the model must be for an image to be in a confident group (0-1) */
    public DoubleProperty thresholdProperty() {
        return threshold;
    }

    /** @return the confident groups of the inbox, largest first */
    public ObservableList<Group> groups() {
        return groups;
    }

    /** @return the name a class dropped on "New class" gets */
    public StringProperty newClassNameProperty() {
        return newClassName;
    }

    /** @return a notice: not a dataset yet, or what recovery did after a crash */
    public ReadOnlyStringProperty bannerProperty() {
        return banner.getReadOnlyProperty();
    }

    /** @return which model pre-sorts the inbox, and how far it got */
    public ReadOnlyStringProperty modelInfoProperty() {
        return modelInfo.getReadOnlyProperty();
    }

    /** @return what the last action did */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** @return what Ctrl+Z would undo */
    public ReadOnlyStringProperty undoTextProperty() {
        return undoText.getReadOnlyProperty();
    }

    /** @return what Ctrl+Shift+Z would redo */
    public ReadOnlyStringProperty redoTextProperty() {
        return redoText.getReadOnlyProperty();
    }

    /** @return true when there is something to undo */
    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    /** @return true when there is something to redo */
    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    /** @return true while a file operation runs */
    public BooleanProperty busyProperty() {
        return busy;
    }

    /** @return the run whose model pre-sorts the inbox, or null */
    public Path modelRun() {
        return modelRun;
    }
}
