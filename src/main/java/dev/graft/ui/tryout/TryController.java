package dev.graft.ui.tryout;

import dev.graft.core.run.RunRecord;
import dev.graft.ui.labelling.DroppedFiles;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/** The Try tab's view: binds the controls to {@link TryViewModel}; drops, paste and picking hand paths over. */
public final class TryController {

    private static final KeyCombination PASTE = new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN);

    /** Longer side of a picture in the list, in pixels. */
    private static final double SHOWN = 200;

    private final TryViewModel vm;

    @FXML
    private VBox root;
    @FXML
    private ComboBox<RunRecord> runChoice;
    @FXML
    private Slider opacity;
    @FXML
    private Label runLabel;
    @FXML
    private Label message;
    @FXML
    private ListView<TryViewModel.Item> items;

    /**
     * Creates the controller.
     *
     * @param vm the view-model
     */
    public TryController(TryViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        runChoice.setItems(vm.runs());
        runChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(RunRecord r) {
                return r == null ? "" : r.name() + "  (" + r.dir().getFileName() + ")";
            }

            @Override
            public RunRecord fromString(String s) {
                return null;
            }
        });
        runChoice.valueProperty().bindBidirectional(vm.runProperty());
        runLabel.textProperty().bind(Bindings.createStringBinding(vm::runSentence, vm.runProperty()));
        opacity.valueProperty().bindBidirectional(vm.opacityProperty());
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        items.setItems(vm.items());
        items.setPlaceholder(new Label("Drop images or a folder here, or paste an image (Ctrl+V)."));
        items.setCellFactory(l -> new ItemCell());
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() || e.getDragboard().hasImage()) {
                e.acceptTransferModes(TransferMode.COPY);
                e.consume();
            }
        });
        root.setOnDragDropped(e -> {
            if (e.getDragboard().hasFiles()) {
                vm.add(DroppedFiles.of(e.getDragboard()));
            } else if (e.getDragboard().hasImage()) {
                vm.paste(Pictures.picture(e.getDragboard().getImage()));
            }
            e.setDropCompleted(true);
            e.consume();
        });
        // Ctrl+V anywhere in the window while Try is in front (the tab header usually has the focus),
        // except in a text field, which pastes text itself
        root.sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) {
                scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
                    if (PASTE.match(e) && shown(root)
                            && !(scene.getFocusOwner() instanceof javafx.scene.control.TextInputControl)) {
                        paste(Clipboard.getSystemClipboard());
                        e.consume();
                    }
                });
            }
        });
    }

    /** Whether a node and all its parents are visible (the tab holding it is in front). */
    private static boolean shown(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    /**
     * Pastes what a clipboard holds: copied files (a file manager's copy) or a copied image.
     *
     * @param clipboard the clipboard
     */
    void paste(Clipboard clipboard) {
        if (clipboard.hasFiles()) {
            vm.add(clipboard.getFiles().stream().map(File::toPath).toList());
        } else if (clipboard.hasImage()) {
            vm.paste(Pictures.picture(clipboard.getImage()));
        }
    }

    @FXML
    private void pick() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Images to try");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Images", "*.png", "*.jpg", "*.jpeg", "*.gif", "*.bmp", "*.webp"),
                new FileChooser.ExtensionFilter("All files", "*"));
        List<File> files = chooser.showOpenMultipleDialog(root.getScene().getWindow());
        if (files != null) {
            vm.add(files.stream().map(File::toPath).toList());
        }
    }

    @FXML
    private void clear() {
        vm.clear();
    }


    /** One image: the picture with its heat map, the file name, the classes to click. */
    private final class ItemCell extends ListCell<TryViewModel.Item> {
        @Override
        protected void updateItem(TryViewModel.Item item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            setText(null);
            setGraphic(view(item));
        }

        private HBox view(TryViewModel.Item item) {
            StackPane picture = new StackPane();
            picture.setMinSize(SHOWN, SHOWN);
            picture.setMaxSize(SHOWN, SHOWN);
            if (item.preview() != null) {
                picture.getChildren().add(Pictures.shown(item.preview(), SHOWN));
            }
            if (item.heat() != null) {
                ImageView heat = Pictures.shown(item.heat(), SHOWN);
                heat.setId("tryHeat");
                heat.opacityProperty().bind(vm.opacityProperty());
                picture.getChildren().add(heat);
            }
            VBox text = new VBox(4);
            Path name = item.file().getFileName();
            text.getChildren().add(new Label(name == null ? item.file().toString() : name.toString()));
            if (item.working()) {
                text.getChildren().add(new Label("Working…"));
            }
            if (item.error() != null) {
                Label error = new Label("Cannot read this image: " + item.error());
                error.setWrapText(true);
                error.getStyleClass().add("warning");
                text.getChildren().add(error);
            }
            for (TryViewModel.Guess g : item.top()) {
                Hyperlink link = new Hyperlink(String.format(Locale.ROOT, "%s  %.1f%%", g.cls(),
                        100 * g.probability()));
                link.setId(dev.graft.ui.labelling.LabellingController.nodeId("tryClass-", g.cls()));
                if (g.cls().equals(item.explained())) {
                    link.setStyle("-fx-font-weight: bold;");
                }
                link.setOnAction(e -> vm.showClass(item.id(), g.cls()));
                text.getChildren().add(link);
            }
            if (item.heatNote() != null) {
                Label note = new Label(item.heatNote());
                note.setWrapText(true);
                note.getStyleClass().add("muted");
                text.getChildren().add(note);
            }
            text.setMaxWidth(420);
            HBox row = new HBox(12, picture, text);
            row.setId(dev.graft.ui.labelling.LabellingController.nodeId("tryItem-", name == null ? "" : name.toString()));
            return row;
        }
    }
}
