package dev.graft.ui.labelling;

import dev.graft.core.run.Failures;
import dev.graft.core.labelling.Labeller;
import dev.graft.core.labelling.Operation;
import dev.graft.ui.common.Background;
import dev.graft.ui.common.Latest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

/**
 * The browsing half of {@link LabellingViewModel}: the folder being labelled, listed in the
 * background into the inbox and the classes (with counts and number keys), the images of the one
 * shown in the chosen order with the model's predictions, the confident groups, and the selection.
 * It is a superclass of its own so that what the view shows can be read apart from what the user's
 * actions ask the {@link Labeller} to do (the subclass); it is sealed because it is only that split,
 * not an extension point. Its public methods are the view-model's.
 */
abstract sealed class LabellingBrowser permits LabellingViewModel {

    /** What one listing of the dataset found. */
    private record Listing(Path root, List<String> classes, Map<String, Integer> counts, List<Path> inbox,
            List<Path> shown) {}

    private final Function<Path, Labeller> labellers;
    private final Consumer<String> say;
    private final Latest listing;
    private final PreSorter preSorter;
    private final ImageSelection selection = new ImageSelection();
    /** Shown by the Undo and Redo buttons: read again whenever another folder is opened. */
    final UndoStatus undoStatus = new UndoStatus();
    /** Operations a crash interrupted and recovery completed: undoable in the folder they belong to. */
    final List<Operation> recovered = new ArrayList<>();
    /** The open folder's labeller, or null. */
    Labeller labeller;
    private Listing last;

    private final ObjectProperty<Path> folder = new SimpleObjectProperty<>();
    private final ObservableList<Bucket> buckets = FXCollections.observableArrayList();
    private final ObjectProperty<Bucket> shown = new SimpleObjectProperty<>();
    private final ObservableList<Tile> tiles = FXCollections.observableArrayList();
    private final ObjectProperty<Sort> sort = new SimpleObjectProperty<>(Sort.SUREST_FIRST);
    private final DoubleProperty threshold = new SimpleDoubleProperty(0.9);
    private final ObservableList<Group> groups = FXCollections.observableArrayList();
    /** A notice: not a dataset yet, or what recovery did after a crash. */
    final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper("");

    /**
     * Creates the browsing half.
     *
     * @param background where listing and inference run
     * @param labellers makes the labeller of a folder
     * @param predictor classifies inbox images with a run's model
     * @param say puts a message in the window's status bar
     */
    LabellingBrowser(Background background, Function<Path, Labeller> labellers, Predictor predictor,
            Consumer<String> say) {
        this.labellers = labellers;
        this.say = say;
        this.listing = new Latest(background);
        this.preSorter = new PreSorter(background, predictor);
        shown.addListener((o, a, b) -> {
            if (b != null && (a == null || !Objects.equals(a.cls(), b.cls()))) {
                selection.clear();
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
        preSorter.forget();
        selection.clear();
        last = null;
        shown.set(null);
        undoStatus.update(labeller);
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
        }, this::show, failure -> say("Cannot list " + folder.get() + ": " + Failures.describe(failure)));
    }

    private void show(Listing l) {
        last = l;
        List<Bucket> list = new ArrayList<>();
        list.add(new Bucket(null, l.inbox().size(), 0));
        for (int i = 0; i < l.classes().size(); i++) {
            String c = l.classes().get(i);
            list.add(new Bucket(c, l.counts().get(c), i < LabellingViewModel.KEYS ? i + 1 : 0));
        }
        Bucket before = shown.get();
        buckets.setAll(list);
        // the same bucket with its new count; the inbox when the shown class is gone (its listener lists again)
        shown.set(list.stream().filter(b -> before != null && Objects.equals(b.cls(), before.cls()))
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
            list.add(preSorter.tile(f, inbox));
        }
        list.sort(sort.get().order());
        tiles.setAll(list);
        selection.set().retainAll(list.stream().map(Tile::file).toList());
        regroup();
    }

    private void regroup() {
        groups.setAll(preSorter.groups(last == null ? List.of() : last.inbox(), threshold.get()));
    }

    // ------------------------------------------------------------------ the model's predictions

    /**
     * Uses a run's model to pre-sort the inbox (null: no model).
     *
     * @param run the run folder with a model, or null
     * @param name the run's name, for messages
     */
    public void setModel(Path run, String name) {
        if (preSorter.use(run, name)) {
            retile();
            predictMissing();
        }
    }

    private void predictMissing() {
        preSorter.predictMissing(last == null ? null : last.inbox(), this::retile);
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
        selection.click(order(), file, toggle, range);
    }

    /** Selects every image shown. */
    public void selectAll() {
        selection.set().addAll(order());
    }

    /** @return the selected images in grid order */
    public List<Path> selected() {
        return selection.in(order());
    }

    private List<Path> order() {
        return tiles.stream().map(Tile::file).toList();
    }

    /**
     * The inbox images the model puts in a class at or above the threshold.
     *
     * @param cls the class, or null for every class
     * @return image → predicted class, in inbox order
     */
    Map<Path, String> confident(String cls) {
        return last == null ? new LinkedHashMap<>() : preSorter.confident(last.inbox(), cls, threshold.get());
    }

    void say(String text) {
        say.accept(text);
    }

    static String images(int n) {
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
        return selection.set();
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

    /** @return a notice: not a dataset yet, or what recovery did after a crash */
    public ReadOnlyStringProperty bannerProperty() {
        return banner.getReadOnlyProperty();
    }

    /** @return which model pre-sorts the inbox, and how far it got */
    public ReadOnlyStringProperty modelInfoProperty() {
        return preSorter.infoProperty();
    }

    /** @return the run whose model pre-sorts the inbox, or null */
    public Path modelRun() {
        return preSorter.run();
    }
}
