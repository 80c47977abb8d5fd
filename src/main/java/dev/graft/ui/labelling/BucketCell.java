package dev.graft.ui.labelling;

import javafx.scene.control.ListCell;

/**
 * A cell of the labelling view's class list: the inbox or a class, with its number key and count,
 * and a drop target for it. A class of its own because the list's cells are made by its factory,
 * apart from the controller that lays the view out.
 */
final class BucketCell extends ListCell<Bucket> {

    /**
     * A cell.
     *
     * @param drops makes it a drop target
     */
    BucketCell(LabellingDrops drops) {
        getStyleClass().add("bucket-cell");
        drops.accept(this);
    }

    @Override
    protected void updateItem(Bucket b, boolean empty) {
        super.updateItem(b, empty);
        setText(empty || b == null ? null : b.label());
        setId(empty || b == null ? null : b.inbox() ? "bucket-inbox" : LabellingController.nodeId("bucket-", b.cls()));
    }
}
