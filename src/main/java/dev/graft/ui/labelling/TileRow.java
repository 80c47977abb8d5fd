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

    /**
     * A row.
     *
     * @param vm selects on a click
     * @param drops starts drags from the thumbnails
     * @param grid the grid, focused after a click (so that the keys act on the selection)
     */
    TileRow(LabellingViewModel vm, LabellingDrops drops, Node grid) {
        this.vm = vm;
        this.drops = drops;
        this.grid = grid;
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
        return tile;
    }
}
