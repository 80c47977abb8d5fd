package dev.graft.ui.labelling;

import java.util.List;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * One row of the labelling grid's thumbnails (the grid is a list of rows, so that only the rows in
 * view are drawn): each a selectable, draggable image with its caption, coloured by how sure the
 * model is. A class of its own because the grid's cells are made by its factory, apart from the
 * controller that lays the view out.
 */
final class TileRow extends ListCell<List<Tile>> {

    /** A thumbnail's side. */
    static final double THUMB = 88;
    /** A selected thumbnail. */
    static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    /** A thumbnail the user left out of a review of sure images. */
    static final PseudoClass LEFT_OUT = PseudoClass.getPseudoClass("left-out");

    private final LabellingViewModel vm;
    private final LabellingDrops drops;
    private final Node grid;
    private final java.util.function.Consumer<java.nio.file.Path> heatMap;

    /**
     * A row.
     *
     * @param vm selects on a click
     * @param drops starts drags from the thumbnails
     * @param grid the grid, focused after a click (so that the keys act on the selection)
     * @param heatMap opens an image's heat map (its menu's "Where did it look?")
     */
    TileRow(LabellingViewModel vm, LabellingDrops drops, Node grid,
            java.util.function.Consumer<java.nio.file.Path> heatMap) {
        this.vm = vm;
        this.drops = drops;
        this.grid = grid;
        this.heatMap = heatMap;
    }

    @Override
    protected void updateItem(List<Tile> row, boolean empty) {
        super.updateItem(row, empty);
        if (empty || row == null) {
            setGraphic(null);
            return;
        }
        HBox box = new HBox(6);
        for (Tile t : row) {
            box.getChildren().add(tile(t));
        }
        setGraphic(box);
    }

    private Node tile(Tile t) {
        ImageView view = new ImageView(new Image(t.file().toUri().toString(), THUMB, THUMB, true, true, true));
        view.setFitWidth(THUMB);
        view.setFitHeight(THUMB);
        view.setPreserveRatio(true);
        Label caption = new Label(t.caption());
        caption.getStyleClass().add("caption");
        if (t.predicted() != null) {
            caption.getStyleClass().add(t.sure(vm.thresholdProperty().get()) ? "sure" : "unsure");
        }
        caption.setMaxWidth(THUMB + 8);
        VBox tile = new VBox(2, view, caption);
        tile.getStyleClass().add("label-tile");
        tile.setId(LabellingController.nodeId("tile-", t.file().getFileName().toString()));
        tile.setPrefWidth(THUMB + 10);
        tile.setUserData(t.file());
        tile.pseudoClassStateChanged(SELECTED, vm.selection().contains(t.file()));
        SureReview review = vm.reviewProperty().get();
        tile.pseudoClassStateChanged(LEFT_OUT, review != null && review.leftOut().contains(t.file()));
        Tooltip.install(tile, new Tooltip(t.file().toString()));
        tile.setOnMouseClicked(e -> {
            if (e.getButton() == javafx.scene.input.MouseButton.SECONDARY) {
                e.consume(); // the context menu's: it keeps a selection of several images
                return;
            }
            if (vm.reviewProperty().get() != null) {
                vm.leaveOut(t.file()); // in a review a click leaves the image out, or puts it back
                e.consume();
                return;
            }
            vm.click(t.file(), e.isShortcutDown(), e.isShiftDown());
            grid.requestFocus();
            e.consume();
        });
        tile.setOnDragDetected(e -> drops.startDrag(e, tile, t));
        tile.setOnContextMenuRequested(e -> {
            if (vm.reviewProperty().get() == null && !vm.selection().contains(t.file())) {
                vm.click(t.file(), false, false); // the menu acts on the image under the pointer
            }
            menu(t).show(tile, e.getScreenX(), e.getScreenY());
            e.consume();
        });
        return tile;
    }

    /** A tile's menu: "Where did it look?", disabled with the reason when there is nothing to explain. */
    private javafx.scene.control.ContextMenu menu(Tile t) {
        InboxHeatMap h = vm.heatMap(t.file());
        javafx.scene.control.MenuItem look = new javafx.scene.control.MenuItem(h.available()
                ? "Where did it look for '" + h.predicted() + "'? (H)" : "Where did it look? (H)");
        look.setId("heatMapItem");
        look.setDisable(!h.available());
        look.setOnAction(e -> heatMap.accept(t.file()));
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(look);
        if (!h.available()) {
            javafx.scene.control.MenuItem why = new javafx.scene.control.MenuItem(h.unavailable());
            why.setDisable(true);
            menu.getItems().add(why);
        }
        menu.setAutoHide(true);
        return menu;
    }
}
