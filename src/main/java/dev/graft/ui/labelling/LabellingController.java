package dev.graft.ui.labelling;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DataFormat;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.StackPane;

/**
 * The labelling view: the inbox and the classes on the left (each a drop target, with its number
 * key), the images of the one shown as a virtualised grid of selectable, draggable thumbnails, and
 * the model's confident groups on top. Files dragged in from the file manager are copied (moved
 * with the platform's move modifier); images dragged between classes are moved. Every decision is
 * the view-model's.
 *
 * <p>This class lays the view out and binds it; drag and drop is {@link LabellingDrops}', the keys
 * are {@link LabellingKeys}', and the list's and the grid's cells are {@link BucketCell} and
 * {@link TileRow}.
 */
public final class LabellingController {

    /** Marks drags that start on a thumbnail here (they move images within the dataset). */
    public static final DataFormat INTERNAL = format("application/x-graft-dataset-images");

    /** Horizontal room one thumbnail takes in a row: tile width plus the row's spacing. */
    private static final double TILE_STEP = TileRow.THUMB + 10 + 6;
    /** Room the list's padding and vertical scroll bar take from a row. */
    private static final double GRID_CHROME = 30;
    private int perRow = 7;

    @FXML private BorderPane root;
    @FXML private Label folderTitle;
    @FXML private ProgressIndicator busy;
    @FXML private Button undoButton;
    @FXML private Button redoButton;
    @FXML private Label hint;
    @FXML private Label banner;
    @FXML private Label message;
    @FXML private Label modelInfo;
    @FXML private ChoiceBox<Sort> sort;
    @FXML private Slider threshold;
    @FXML private Label thresholdLabel;
    @FXML private FlowPane groups;
    @FXML private ListView<Bucket> buckets;
    @FXML private Label newClassDrop;
    @FXML private TextField newClassName;
    @FXML private Label bucketTitle;
    @FXML private StackPane gridHolder;
    @FXML private javafx.scene.layout.VBox reviewBar;
    @FXML private Label reviewSummary;
    @FXML private Button confirmReview;

    @FXML private Button heatMapButton;
    @FXML private javafx.scene.layout.StackPane heatMapHolder;

    private final LabellingViewModel vm;
    private final LabellingDrops drops;
    private final InboxHeatMaps heatMaps;
    private final ListView<List<Tile>> grid = new ListView<>();

    /**
     * Creates the controller.
     *
     * @param vm the view-model
     * @param heatMaps computes "where did it look?" for pre-sorted inbox images
     */
    public LabellingController(LabellingViewModel vm, dev.graft.ui.tryout.HeatMaps heatMaps) {
        this.vm = vm;
        this.drops = new LabellingDrops(vm, this::askNewClassName);
        this.heatMaps = new InboxHeatMaps(vm, heatMaps);
    }

    private static DataFormat format(String mime) {
        DataFormat existing = DataFormat.lookupMimeType(mime);
        return existing != null ? existing : new DataFormat(mime);
    }

    /** @return what the platform's move modifier is called, for the hint */
    static String moveModifier() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac") ? "⌘" : "Shift";
    }

    @FXML
    private void initialize() {
        folderTitle.textProperty().bind(Bindings.createStringBinding(() -> vm.folderProperty().get() == null
                ? "No folder open: open a dataset (Ctrl+O) or drop any folder of photos on the window"
                : "Labelling " + vm.folderProperty().get(), vm.folderProperty()));
        hint.setText("Drop photos or whole folders from your file manager onto a class, the inbox or \"New class\":"
                + " they are copied (hold " + moveModifier() + " while dropping to move them instead). Non-images are"
                + " refused, images already in the dataset are not added twice, nothing is ever overwritten or"
                + " deleted for good.");
        banner.textProperty().bind(vm.bannerProperty());
        banner.visibleProperty().bind(vm.bannerProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        modelInfo.textProperty().bind(vm.modelInfoProperty());
        busy.visibleProperty().bind(vm.busyProperty());
        undoButton.disableProperty().bind(vm.canUndoProperty().not());
        redoButton.disableProperty().bind(vm.canRedoProperty().not());
        undoButton.setTooltip(tooltip(vm.undoTextProperty()));
        redoButton.setTooltip(tooltip(vm.redoTextProperty()));
        sort.getItems().setAll(Sort.values());
        sort.valueProperty().bindBidirectional(vm.sortProperty());
        threshold.valueProperty().bindBidirectional(vm.thresholdProperty());
        thresholdLabel.textProperty().bind(Bindings.createStringBinding(() -> Math.round(100 * vm.thresholdProperty()
                .get()) + " %", vm.thresholdProperty()));
        newClassName.textProperty().bindBidirectional(vm.newClassNameProperty());
        vm.groups().addListener((ListChangeListener<Group>) c -> showGroups());
        vm.reviewProperty().addListener((o, a, r) -> {
            showReview(r);
            restyleTiles();
        });
        showReview(null);

        buckets.setItems(vm.buckets());
        buckets.setCellFactory(l -> new BucketCell(drops));
        buckets.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && (vm.shownProperty().get() == null || !Objects.equals(b.cls(), vm.shownProperty().get()
                    .cls()))) {
                vm.shownProperty().set(b);
            }
        });
        vm.shownProperty().addListener((o, a, b) -> {
            selectBucket(b);
            showReview(vm.reviewProperty().get());
        });
        vm.buckets().addListener((ListChangeListener<Bucket>) c -> {
            selectBucket(vm.shownProperty().get());
            showReview(vm.reviewProperty().get());
            showGroups(); // the "accept as…" menus list the classes
        });

        grid.setId("labelGrid");
        grid.getStyleClass().add("label-grid");
        grid.setCellFactory(l -> new TileRow(vm, drops, grid, file -> heatMaps.open(grid, file)));
        grid.setPlaceholder(new Label("No images here. Drop photos or folders from your file manager."));
        vm.tiles().addListener((ListChangeListener<Tile>) c -> grid.getItems().setAll(rows(vm.tiles(), perRow)));
        // as many thumbnails per row as the grid's width holds: no sideways scrolling
        grid.widthProperty().addListener((o, a, w) -> {
            int fits = Math.max(1, (int) ((w.doubleValue() - GRID_CHROME) / TILE_STEP));
            if (fits != perRow) {
                perRow = fits;
                grid.getItems().setAll(rows(vm.tiles(), perRow));
            }
        });
        // the grid's own row selection means nothing here: images are selected by the view-model
        grid.setSelectionModel(null);
        // restyle the tiles in place: rebuilding them would replace the node a drag is starting from
        vm.selection().addListener((SetChangeListener<Path>) c -> restyleTiles());
        gridHolder.getChildren().add(grid);
        // dropping on the grid puts the images where the grid shows
        drops.accept(grid, () -> vm.shownProperty().get(), false);
        drops.accept(newClassDrop, () -> null, true);
        root.addEventFilter(KeyEvent.KEY_PRESSED, new LabellingKeys(vm, this::renameClass, this::heatMap)::pressed);
        // disabled while the selection has no prediction to explain; the tooltip sits on a holder
        // because a disabled button shows none
        heatMapButton.disableProperty().bind(vm.heatMapUnavailableProperty().isNotEmpty());
        Tooltip why = new Tooltip();
        why.textProperty().bind(Bindings.createStringBinding(() -> vm.heatMapUnavailableProperty().get().isEmpty()
                ? "Where the model looked in the selected image, for its predicted class or another one (H)"
                : vm.heatMapUnavailableProperty().get(), vm.heatMapUnavailableProperty()));
        why.setWrapText(true);
        why.setMaxWidth(420);
        Tooltip.install(heatMapHolder, why);
    }

    /** Marks the tiles selected or left out of a review, in place. */
    private void restyleTiles() {
        SureReview r = vm.reviewProperty().get();
        for (Node n : grid.lookupAll(".label-tile")) {
            n.pseudoClassStateChanged(TileRow.SELECTED, n.getUserData() != null
                    && vm.selection().contains(n.getUserData()));
            n.pseudoClassStateChanged(TileRow.LEFT_OUT, r != null && r.leftOut().contains(n.getUserData()));
        }
    }

    private static Tooltip tooltip(javafx.beans.value.ObservableValue<String> text) {
        Tooltip t = new Tooltip();
        t.textProperty().bind(text);
        return t;
    }

    private void selectBucket(Bucket b) {
        if (b == null) {
            return;
        }
        for (int i = 0; i < vm.buckets().size(); i++) {
            if (Objects.equals(vm.buckets().get(i).cls(), b.cls())) {
                if (buckets.getSelectionModel().getSelectedIndex() != i) {
                    buckets.getSelectionModel().select(i);
                }
                return;
            }
        }
    }

    private static String title(Bucket b) {
        return b == null ? "" : b.inbox() ? "Unlabelled images (inbox) · " + b.count()
                : "Class '" + b.cls() + "' · " + LabellingBrowser.images(b.count()) + (b.key() > 0 ? " · key "
                + b.key() : "");
    }

    private void showGroups() {
        groups.getChildren().clear();
        if (vm.groups().isEmpty()) {
            return;
        }
        groups.getChildren().add(new Label("Sure groups:"));
        for (Group g : vm.groups()) {
            groups.getChildren().add(g.target() == null ? chooseClass(g) : acceptButton(g));
        }
    }

    /** A group whose class the dataset has (perhaps under its new name): review, then accept. */
    private Button acceptButton(Group g) {
        Button b = new Button((g.renamed() ? "'" + g.predicted() + "' → '" + g.target() + "'" : "'" + g.predicted()
                + "'") + " · " + g.count() + " — accept…");
        b.getStyleClass().addAll("small", "group-button");
        b.setId(nodeId("accept-", g.predicted()));
        b.setTooltip(new Tooltip("Shows the " + LabellingBrowser.images(g.count()) + " first; nothing moves until you"
                + " confirm." + (g.renamed() ? " The model still calls the class '" + g.predicted() + "': it was"
                + " renamed to '" + g.target() + "'." : "")));
        b.setOnAction(e -> vm.acceptGroup(g.predicted()));
        return b;
    }

    /** A group whose class the dataset no longer has: the user chooses where its images go. */
    private MenuButton chooseClass(Group g) {
        MenuButton m = new MenuButton("'" + g.predicted() + "' · " + g.count()
                + " — no such class now: accept as…");
        m.getStyleClass().addAll("small", "group-button", "stale-group");
        m.setId(nodeId("acceptAs-", g.predicted()));
        m.setTooltip(new Tooltip("The model was trained with a class '" + g.predicted() + "' that this dataset does not"
                + " have now (renamed or deleted): choose the class its images belong to."));
        for (Bucket b : vm.buckets()) {
            if (!b.inbox()) {
                MenuItem item = new MenuItem("'" + b.cls() + "'");
                item.setOnAction(e -> vm.acceptGroupAs(g.predicted(), b.cls()));
                m.getItems().add(item);
            }
        }
        MenuItem again = new MenuItem("a new class '" + g.predicted() + "'");
        again.setOnAction(e -> vm.acceptGroupAs(g.predicted(), g.predicted()));
        m.getItems().add(again);
        return m;
    }

    /** The review bar: what would move where, and the buttons that move it or not. */
    private void showReview(SureReview r) {
        reviewBar.setVisible(r != null);
        reviewBar.setManaged(r != null);
        if (r != null) {
            reviewSummary.setText(r.summary() + ". Look through them; click an image to leave it out.");
            confirmReview.setText(r.count() == 1 ? "Move 1 image" : "Move " + r.count() + " images");
            confirmReview.setDisable(r.count() == 0);
        }
        bucketTitle.setText(r != null ? "Review: sure images, class by class" : title(vm.shownProperty().get()));
    }

    @FXML
    private void confirmReview() {
        vm.confirmReview();
    }

    @FXML
    private void cancelReview() {
        vm.cancelReview();
    }

    // ------------------------------------------------------------------ class actions

    @FXML
    private void createClass() {
        String name = newClassName.getText();
        if (name != null && !name.isBlank()) {
            vm.createClass(name);
            newClassName.clear();
        }
    }

    /** Asks for the name of a class made by a drop on "New class" while the name field was empty. */
    private java.util.Optional<String> askNewClassName() {
        TextInputDialog d = new TextInputDialog();
        d.setTitle("New class");
        d.setHeaderText("What is the new class called? The dropped images go into it.");
        d.getEditor().setId("newClassDialogName");
        d.initOwner(root.getScene().getWindow());
        return d.showAndWait().map(String::strip).filter(n -> !n.isEmpty());
    }

    @FXML
    private void renameClass() {
        Bucket b = vm.shownProperty().get();
        if (b == null || b.inbox()) {
            return;
        }
        TextInputDialog d = new TextInputDialog(b.cls());
        d.setTitle("Rename class");
        d.setHeaderText("Rename the class '" + b.cls() + "' (its folder)");
        d.initOwner(root.getScene().getWindow());
        d.showAndWait().filter(n -> !n.isBlank() && !n.equals(b.cls())).ifPresent(n -> vm.renameClass(b.cls(), n));
    }

    @FXML
    private void deleteClass() {
        Bucket b = vm.shownProperty().get();
        if (b == null || b.inbox()) {
            return;
        }
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "The folder '" + b.cls() + "' with "
                + (b.count() == 0 ? "nothing in it" : "its " + LabellingBrowser.images(b.count()))
                + " goes to the dataset's trash (" + dev.graft.core.labelling.Labeller.TRASH
                + ", a hidden folder training ignores). Ctrl+Z brings it back.", ButtonType.OK, ButtonType.CANCEL);
        a.setHeaderText("Delete the class '" + b.cls() + "'?");
        a.initOwner(root.getScene().getWindow());
        a.showAndWait().filter(ButtonType.OK::equals).ifPresent(x -> vm.deleteClass(b.cls()));
    }

    @FXML
    private void undo() {
        vm.undo();
    }

    @FXML
    private void redo() {
        vm.redo();
    }

    @FXML
    private void acceptSelected() {
        vm.acceptSelected();
    }

    @FXML
    private void acceptAll() {
        vm.acceptAllConfident();
    }

    @FXML
    private void toInbox() {
        List<Path> files = vm.selected();
        if (!files.isEmpty()) {
            vm.moveTo(files, new Bucket(null, 0, 0));
        }
    }

    @FXML
    private void heatMap() {
        heatMaps.open(root, null);
    }

    @FXML
    private void trashSelected() {
        vm.trashSelected();
    }

    /**
     * A node id for a name (ids are CSS selectors: a dot or a space would end them).
     *
     * @param prefix what the node is
     * @param name a class or file name
     * @return e.g. "tile-IMG_001_png"
     */
    public static String nodeId(String prefix, String name) {
        return prefix + name.replaceAll("[^\\p{IsAlphabetic}\\p{IsDigit}_-]", "_");
    }

    static List<List<Tile>> rows(List<Tile> tiles, int perRow) {
        List<List<Tile>> out = new ArrayList<>();
        for (int i = 0; i < tiles.size(); i += perRow) {
            out.add(List.copyOf(tiles.subList(i, Math.min(tiles.size(), i + perRow))));
        }
        return out;
    }
}
