package dev.graft.ui.labelling;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.ListCell;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.TransferMode;

/**
 * Drag and drop in the labelling view: which nodes accept files, what a drop means (files of the
 * dataset dragged here move; files from the file manager are copied, or moved with the platform's
 * move gesture), and dragging selected thumbnails out. Separate from {@link LabellingController}
 * because the gesture rules are the same for every target (the grid, "New class", each class in
 * the list), while the controller only lays the view out and binds it.
 */
final class LabellingDrops {

    private final LabellingViewModel vm;
    private final Supplier<java.util.Optional<String>> askNewClassName;

    /**
     * Drops for a view-model.
     *
     * @param vm what a drop asks for
     * @param askNewClassName asks the user for the new class's name (a drop on "New class" while its
     *     field is empty); empty when the user cancels
     */
    LabellingDrops(LabellingViewModel vm, Supplier<java.util.Optional<String>> askNewClassName) {
        this.vm = vm;
        this.askNewClassName = askNewClassName;
    }

    /**
     * Makes a node a drop target.
     *
     * @param node the node
     * @param target where a drop on it puts the files (the grid: the bucket it shows)
     * @param newClass true for "New class": a drop creates a class
     */
    void accept(Node node, Supplier<Bucket> target, boolean newClass) {
        node.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && vm.folderProperty().get() != null) {
                e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
                e.consume();
            }
        });
        node.setOnDragEntered(e -> {
            if (e.getDragboard().hasFiles()) {
                node.getStyleClass().add("drop-over");
            }
        });
        node.setOnDragExited(e -> node.getStyleClass().remove("drop-over"));
        node.setOnDragDropped(e -> drop(e, target.get(), newClass));
    }

    /**
     * Makes a cell of the class list a drop target for the bucket it shows (none while it is empty).
     *
     * @param cell the cell
     */
    void accept(ListCell<Bucket> cell) {
        cell.setOnDragOver(e -> {
            if (cell.getItem() != null && e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
                e.consume();
            }
        });
        cell.setOnDragEntered(e -> {
            if (cell.getItem() != null) {
                cell.getStyleClass().add("drop-over");
            }
        });
        cell.setOnDragExited(e -> cell.getStyleClass().remove("drop-over"));
        cell.setOnDragDropped(e -> {
            if (cell.getItem() != null) {
                drop(e, cell.getItem(), false);
            }
        });
    }

    /**
     * A drop: files of the dataset dragged here move; files from the file manager are added
     * (copied, or moved when the user chose the move gesture).
     */
    private void drop(DragEvent e, Bucket target, boolean newClass) {
        Dragboard db = e.getDragboard();
        if (!db.hasFiles()) {
            return;
        }
        List<Path> files = DroppedFiles.of(db);
        boolean internal = e.getGestureSource() != null || db.hasContent(LabellingController.INTERNAL);
        boolean move = e.getTransferMode() == TransferMode.MOVE;
        if (newClass && (vm.newClassNameProperty().get() == null || vm.newClassNameProperty().get().isBlank())) {
            // ask once the drop is over: a dialog inside the drop would hold the file manager's drag
            javafx.application.Platform.runLater(() -> askNewClassName.get().ifPresent(name -> {
                vm.newClassNameProperty().set(name);
                vm.dropOnNewClass(files, !internal, move);
            }));
        } else if (newClass) {
            vm.dropOnNewClass(files, !internal, move);
        } else if (internal) {
            vm.moveTo(files, target);
        } else {
            vm.dropFromOutside(files, target, move);
        }
        e.setDropCompleted(true);
        e.consume();
    }

    /**
     * Starts dragging the selected images (this one is selected first if it was not).
     *
     * @param e the mouse event that starts the drag
     * @param source the thumbnail dragged
     * @param t its tile
     */
    void startDrag(MouseEvent e, Node source, Tile t) {
        if (!vm.selection().contains(t.file())) {
            vm.click(t.file(), false, false);
        }
        List<File> files = vm.selected().stream().map(Path::toFile).toList();
        // only COPY is offered to the outside: a file manager never moves an image out of the dataset
        Dragboard db = source.startDragAndDrop(TransferMode.COPY);
        ClipboardContent content = new ClipboardContent();
        content.putFiles(files);
        content.put(LabellingController.INTERNAL, files.stream().map(File::toString).toList().toString());
        db.setContent(content);
        e.consume();
    }
}
