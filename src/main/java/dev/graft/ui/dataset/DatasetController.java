package dev.graft.ui.dataset;

import dev.graft.core.data.SkippedFile;
import dev.graft.core.util.Plural;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The dataset panel. Thumbnails load in the background (JavaFX's own background image loading)
 * and only for visible rows, so large folders scroll without blocking the window.
 */
public final class DatasetController {

    private static final double THUMB = 48;
    private static final int PER_ROW = 8;
    /** Most of the page the findings take before they scroll. */
    private static final double FINDINGS_SHARE = 0.4;
    /** The findings are never shorter than this while there are any (about three lines). */
    private static final double FINDINGS_MIN = 60;

    @FXML private Label folder;
    @FXML private Label summary;
    @FXML private Label error;
    @FXML private ProgressIndicator scanning;
    @FXML private VBox page;
    @FXML private javafx.scene.control.ScrollPane findingsScroll;
    @FXML private VBox findingsBox;
    @FXML private VBox warnings;
    @FXML private VBox health;
    @FXML private Label healthTitle;
    @FXML private ListView<ClassRow> classes;
    @FXML private Label classTitle;
    @FXML private javafx.scene.layout.StackPane gridHolder;
    @FXML private TableView<SkippedFile> skipped;
    @FXML private TableColumn<SkippedFile, String> skippedFile;
    @FXML private TableColumn<SkippedFile, String> skippedReason;

    private final DatasetViewModel vm;

    /**
     * Creates the controller.
     *
     * @param vm the view-model
     */
    public DatasetController(DatasetViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void refresh() {
        vm.refresh();
    }

    @FXML
    private void initialize() {
        folder.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> vm.folderProperty().get()
                == null ? "No dataset open: Ctrl+O or drop a folder on the window" : vm.folderProperty().get()
                .toString(), vm.folderProperty()));
        summary.textProperty().bind(vm.summaryProperty());
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        scanning.visibleProperty().bind(vm.scanningProperty());
        // each finding a wrapped line of its own, in full; the pane is as tall as they are, up to
        // a share of the page, and scrolls beyond that
        showFindings(warnings, vm.warnings(), "danger-text");
        showFindings(health, vm.health(), null);
        var any = javafx.beans.binding.Bindings.isNotEmpty(vm.warnings()).or(javafx.beans.binding.Bindings
                .isNotEmpty(vm.health()));
        findingsScroll.visibleProperty().bind(any);
        findingsScroll.managedProperty().bind(any);
        healthTitle.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(vm.health()));
        healthTitle.managedProperty().bind(healthTitle.visibleProperty());
        findingsScroll.prefViewportHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(() ->
                Math.min(findingsBox.getHeight(), Math.max(FINDINGS_MIN, FINDINGS_SHARE * page.getHeight())),
                findingsBox.heightProperty(), page.heightProperty()));
        classes.setItems(vm.classes());
        classes.setCellFactory(l -> new ClassCell());
        classes.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
            if (row != null) {
                vm.selectedClassProperty().set(row);
            }
        });
        vm.selectedClassProperty().addListener((o, a, row) -> {
            classes.getSelectionModel().select(row);
            classTitle.setText(row == null ? "" : row.name() + " · " + (row.images() == 1 ? "its only image"
                    : "all " + Plural.of(row.images(), "image")));
        });
        // a virtualised grid: a ListView of rows of thumbnails; only visible rows exist and load their
        // images in the background, so a class of 10,000 images scrolls without loading them all.
        // (ControlsFX's GridView was tried: under JavaFX 21 its cells draw their background but
        // neither graphic nor text, see the issue note.)
        ListView<List<Path>> grid = new ListView<>();
        grid.setId("imageGrid");
        grid.setCellFactory(l -> new ThumbnailRow());
        vm.classImages().addListener((javafx.collections.ListChangeListener<Path>) c ->
                grid.getItems().setAll(rows(vm.classImages(), PER_ROW)));
        gridHolder.getChildren().add(grid);
        skipped.setItems(vm.skipped());
        skippedFile.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().file().toString()));
        skippedReason.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().reason()));
        Label noSkips = new Label("No skipped files: every file in the class folders is a usable image.");
        noSkips.getStyleClass().add("muted");
        skipped.setPlaceholder(noSkips);
        // columns share the table's width: no empty third column, no sideways scrolling
        skipped.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    }

    /** Shows a list of findings as wrapped labels, one per finding, kept up to date. */
    private static void showFindings(VBox box, javafx.collections.ObservableList<String> items, String style) {
        Runnable fill = () -> box.getChildren().setAll(items.stream().map(text -> {
            Label l = new Label(text);
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
            l.setMaxWidth(Double.MAX_VALUE);
            l.getStyleClass().add("finding");
            if (style != null) {
                l.getStyleClass().add(style);
            }
            return l;
        }).toList());
        items.addListener((javafx.collections.ListChangeListener<String>) c -> fill.run());
        fill.run();
    }

    /**
     * Splits images into rows.
     *
     * @param images the images
     * @param perRow images per row
     * @return the rows
     */
    static List<List<Path>> rows(List<Path> images, int perRow) {
        List<List<Path>> rows = new ArrayList<>();
        for (int i = 0; i < images.size(); i += perRow) {
            rows.add(List.copyOf(images.subList(i, Math.min(images.size(), i + perRow))));
        }
        return rows;
    }

    /** One row of the image grid. */
    private static final class ThumbnailRow extends ListCell<List<Path>> {
        @Override
        protected void updateItem(List<Path> row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            HBox box = new HBox(6);
            for (Path p : row) {
                ImageView view = new ImageView(new Image(p.toUri().toString(), THUMB, THUMB, true, true, true));
                view.setFitWidth(THUMB);
                view.setFitHeight(THUMB);
                javafx.scene.control.Tooltip.install(view, new javafx.scene.control.Tooltip(p.getFileName().toString()));
                box.getChildren().add(view);
            }
            setGraphic(box);
        }
    }

    /** A class: name, count, warning, thumbnails. */
    private static final class ClassCell extends ListCell<ClassRow> {
        @Override
        protected void updateItem(ClassRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                return;
            }
            Label name = new Label(row.name() + "  ·  " + Plural.of(row.images(), "image")
                    + (row.warning() == null ? "" : "  ·  " + row.warning()));
            name.getStyleClass().add(row.warning() == null ? "title-4" : "danger-text");
            HBox thumbs = new HBox(6);
            for (Path p : row.samples()) {
                ImageView view = new ImageView(new Image(p.toUri().toString(), THUMB, THUMB, true, true, true));
                view.setFitWidth(THUMB);
                view.setFitHeight(THUMB);
                thumbs.getChildren().add(view);
            }
            setGraphic(new VBox(4, name, thumbs));
        }
    }
}
