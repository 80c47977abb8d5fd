package dev.graft.ui.labelling;

import dev.graft.core.data.DatasetScan;
import dev.graft.core.labelling.Labeller;
import dev.graft.core.labelling.Operation;
import dev.graft.core.util.Plural;
import dev.graft.ui.common.Background;
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
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

/**
 * The browsing half of {@link LabellingViewModel}: the folder being labelled, shown as the inbox
 * and the classes (with counts and number keys), the images of the one shown in the chosen order
 * with the model's predictions, the confident groups, and the selection. What it lists is the
 * dataset's one scan (the same the Dataset tab counts from, so that every tab agrees on what is an
 * image, what is skipped and what is in the inbox); after a change it asks for a new scan.
 * It is a superclass of its own so that what the view shows can be read apart from what the user's
 * actions ask the {@link Labeller} to do (the subclass); it is sealed because it is only that split,
 * not an extension point. Its public methods are the view-model's.
 */
abstract sealed class LabellingBrowser permits LabellingViewModel {

    /** What one scan of the dataset found, as this view lists it. */
    private record Listing(Path root, List<String> classes, Map<String, Integer> counts,
            Map<String, Integer> unusable, List<Path> inbox, List<Path> shown) {}

    private final Function<Path, Labeller> labellers;
    private final Consumer<String> say;
    private final ObservableValue<DatasetScan> scans;
    private final Runnable rescan;
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
    /** Sure predictions the user is looking at before they are accepted, or null. */
    final ReadOnlyObjectWrapper<SureReview> review = new ReadOnlyObjectWrapper<>();
    /** The classes' number keys, in the order the classes were made. */
    final NumberKeys keys = new NumberKeys(LabellingViewModel.KEYS);
    /** Classes renamed here: old name → new name (the model still says the old one). */
    final Map<String, String> renames = new java.util.HashMap<>();
    /** A notice: not a dataset yet, or what recovery did after a crash. */
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper("");
    /** What the start-up recovery did, shown in the banner. */
    final RecoveryNotices recoveries = new RecoveryNotices();
    /** The banner's "not a dataset yet" part, or "". */
    private String notADataset = "";
    /** What the user's last action did (or why it did nothing), until the next action. */
    final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    /** Why the selected image has no heat map to ask for, or "" when it has. */
    private final ReadOnlyStringWrapper heatMapUnavailable = new ReadOnlyStringWrapper("");

    /**
     * Creates the browsing half.
     *
     * @param background where listing and inference run
     * @param labellers makes the labeller of a folder
     * @param predictor classifies inbox images with a run's model
     * @param say puts a message in the window's status bar
     * @param scans the dataset's newest scan (the Dataset tab's)
     * @param rescan asks for a new scan when files changed (cheap when none did)
     */
    LabellingBrowser(Background background, Function<Path, Labeller> labellers, Predictor predictor,
            Consumer<String> say, ObservableValue<DatasetScan> scans, Runnable rescan) {
        this.labellers = labellers;
        this.say = say;
        this.scans = scans;
        this.rescan = rescan;
        this.preSorter = new PreSorter(background, predictor);
        scans.addListener((o, a, scan) -> relist());
        shown.addListener((o, a, b) -> {
            if (b != null && (a == null || !Objects.equals(a.cls(), b.cls()))) {
                selection.clear();
                relist();
            }
        });
        sort.addListener((o, a, b) -> retile());
        threshold.addListener((o, a, b) -> regroup());
        review.addListener((o, a, b) -> retile());
        selection.set().addListener((javafx.collections.SetChangeListener<Path>) c -> updateHeatMapState());
        updateHeatMapState();
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
        if (folder.get() != null) {
            recoveries.folderChanged();
        }
        folder.set(dir);
        labeller = labellers.apply(dir);
        for (Operation op : recovered) {
            labeller.adopt(op);
        }
        message.set(""); // it was about the other folder
        review.set(null);
        renames.clear();
        keys.clear();
        notADataset = "";
        updateBanner();
        preSorter.forget();
        selection.clear();
        last = null;
        shown.set(null);
        undoStatus.update(labeller);
        relist();
    }

    /** Lists the folder again after a change (ours, or a file manager's): the dataset is scanned again. */
    public void reload() {
        if (labeller != null) {
            rescan.run();
            relist();
        }
    }

    /** Shows the newest scan, if it is of the open folder. */
    private void relist() {
        DatasetScan scan = scans.getValue();
        Path dir = folder.get();
        if (labeller == null || scan == null || dir == null || !same(scan.root(), dir)) {
            return;
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Integer> unusable = new LinkedHashMap<>();
        int[] n = scan.countsPerClass();
        for (int c = 0; c < n.length; c++) {
            counts.put(scan.classes().get(c), n[c]);
            unusable.put(scan.classes().get(c), scan.skippedIn(scan.classes().get(c)).size());
        }
        Bucket want = shown.get();
        int label = want == null || want.cls() == null ? -1 : scan.classes().indexOf(want.cls());
        List<Path> images = label < 0 ? scan.inbox()
                : scan.imagesOf(label).stream().map(dev.graft.core.data.LabeledImage::file).toList();
        show(new Listing(scan.root(), scan.classes(), counts, unusable, scan.inbox(), images));
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private void show(Listing l) {
        last = l;
        List<Bucket> list = new ArrayList<>();
        list.add(new Bucket(null, l.inbox().size(), 0));
        keys.update(l.classes());
        for (String c : keys.inKeyOrder(l.classes())) {
            list.add(new Bucket(c, l.counts().get(c), keys.of(c), l.unusable().get(c)));
        }
        Bucket before = shown.get();
        if (!buckets.equals(list)) {
            // only when they changed: showing another class must not rebuild the list being clicked
            buckets.setAll(list);
        }
        // the same bucket with its new count; the inbox when the shown class is gone (its listener lists again)
        shown.set(list.stream().filter(b -> before != null && Objects.equals(b.cls(), before.cls()))
                .findFirst().orElse(list.get(0)));
        notADataset = !l.classes().isEmpty() ? "" : l.root().getFileName() + " is not a dataset yet: "
                + images(l.inbox().size()) + (l.inbox().size() == 1 ? " waits" : " wait") + " in the inbox. Create a"
                + " class (type a name, or drop images on \"New class\") to start labelling here.";
        updateBanner();
        retile();
        predictMissing();
    }

    /** Shows the notices that apply now: "not a dataset yet", and what recovery did. */
    void updateBanner() {
        String recovery = recoveries.text(labeller);
        banner.set(notADataset.isEmpty() ? recovery : recovery.isEmpty() ? notADataset
                : notADataset + "\n" + recovery);
    }

    void retile() {
        Listing l = last;
        if (l == null) {
            tiles.clear();
            groups.clear();
            return;
        }
        SureReview r = review.get();
        if (r != null) {
            // images that left the inbox since (a file manager, another action) leave the review
            List<Path> gone = r.files().stream().filter(f -> !l.inbox().contains(f)).toList();
            if (!gone.isEmpty()) {
                Map<String, List<Path>> still = new LinkedHashMap<>();
                r.byClass().forEach((c, files) -> {
                    List<Path> kept = files.stream().filter(l.inbox()::contains).toList();
                    if (!kept.isEmpty()) {
                        still.put(c, kept);
                    }
                });
                review.set(still.isEmpty() ? null : new SureReview(still, r.leftOut()));
                r = review.get();
            }
        }
        List<Tile> list = new ArrayList<>();
        if (r != null) {
            // the review shows what would move, class by class, in its own order
            for (Path f : r.files()) {
                list.add(preSorter.tile(f, true));
            }
        } else {
            boolean inbox = shown.get() == null || shown.get().inbox();
            for (Path f : l.shown()) {
                list.add(preSorter.tile(f, inbox));
            }
            list.sort(sort.get().order());
        }
        tiles.setAll(list);
        selection.set().retainAll(list.stream().map(Tile::file).toList());
        regroup();
        updateHeatMapState(); // a prediction may have arrived for the selected image
    }

    private void regroup() {
        groups.setAll(preSorter.groups(last == null ? List.of() : last.inbox(), threshold.get(), this::targetOf));
    }

    /**
     * The dataset's class for one of the model's classes: the same name while it exists; the name
     * it was renamed to here; the model's own name while the folder has no classes at all (the
     * model's classes may start a dataset); otherwise null (renamed or deleted elsewhere: the user
     * must choose, so that a class is never created again beside its new name).
     *
     * @param predicted the model's class
     * @return the class to put its images in, or null
     */
    String targetOf(String predicted) {
        List<String> classes = last == null ? List.of() : last.classes();
        if (predicted == null || classes.contains(predicted) || classes.isEmpty()) {
            return predicted;
        }
        String at = predicted;
        for (int hops = 0; renames.containsKey(at) && hops <= renames.size(); hops++) {
            at = renames.get(at);
            if (classes.contains(at)) {
                return at;
            }
        }
        return null;
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
        preSorter.predictMissing(() -> last == null ? null : last.inbox(), this::retile);
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
     * The inbox images the model is sure of (familiar, at or above the threshold).
     *
     * @param predicted the model's class, or null for every class
     * @return image → the model's class, in inbox order
     */
    Map<Path, String> sure(String predicted) {
        return last == null ? new LinkedHashMap<>() : preSorter.sure(last.inbox(), predicted, threshold.get());
    }

    /**
     * The model's class for an inbox image.
     *
     * @param file the image
     * @return its predicted class, or null
     */
    String predicted(Path file) {
        return preSorter.predicted(file);
    }

    // ------------------------------------------------------------------ heat maps on request

    /**
     * What "where did it look?" on an image would show, or why it cannot be asked: only inbox
     * images the model has pre-sorted have a prediction to explain.
     *
     * @param file an image shown in the grid
     * @return the request
     */
    public InboxHeatMap heatMap(Path file) {
        // the grid shows inbox images when the inbox is shown or sure images are reviewed
        boolean inbox = review.get() != null || shown.get() == null || shown.get().inbox();
        return preSorter.heatMap(file, inbox);
    }

    /**
     * The heat map the H key and the "Where it looked" button ask for: of the image last clicked,
     * or else of the first selected one.
     *
     * @return the request
     */
    public InboxHeatMap heatMapOfSelection() {
        Path chosen = selection.anchor();
        if (chosen == null || !selection.set().contains(chosen)) {
            chosen = null;
            if (!selection.set().isEmpty()) {
                // the first selected in grid order: stops at the first hit, cheap for Ctrl+A on a big inbox
                for (Tile t : tiles) {
                    if (selection.set().contains(t.file())) {
                        chosen = t.file();
                        break;
                    }
                }
            }
        }
        return chosen == null ? InboxHeatMap.no(null, "Select an inbox image the model pre-sorted, then press H"
                + " (or right-click it) to see where the model looked.") : heatMap(chosen);
    }

    /**
     * Remembers that a run's model draws no heat maps, so that the next request says why at once.
     *
     * @param run the run whose model said so
     * @param why its sentence
     */
    public void noHeatMaps(Path run, String why) {
        preSorter.noHeatMaps(run, why);
        updateHeatMapState();
    }

    private void updateHeatMapState() {
        InboxHeatMap h = heatMapOfSelection();
        heatMapUnavailable.set(h.available() ? "" : h.unavailable());
    }

    /** @return why the selected image has no heat map to ask for, "" when it has one */
    public ReadOnlyStringProperty heatMapUnavailableProperty() {
        return heatMapUnavailable.getReadOnlyProperty();
    }

    /** @return the classes of the folder as last listed */
    List<String> classes() {
        return last == null ? List.of() : last.classes();
    }

    void say(String text) {
        say.accept(text);
    }

    static String images(int n) {
        return Plural.of(n, "image");
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

    /** @return sure predictions about to be accepted, shown before anything moves; null when none */
    public ReadOnlyObjectProperty<SureReview> reviewProperty() {
        return review.getReadOnlyProperty();
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
