package dev.graft.ui.models;

import dev.graft.core.model.CatalogueEntry;
import java.io.File;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The model browser: search, cards, the selected model's card; drop a model file to add it. */
public final class ModelBrowserController {

    @FXML private TextField search;
    @FXML private ListView<CatalogueEntry> list;
    @FXML private Label cardTitle;
    @FXML private Label cardText;
    @FXML private Label cardStatus;
    @FXML private HBox downloadBox;
    @FXML private Button downloadButton;
    @FXML private ProgressBar downloadBar;
    @FXML private Button cancelButton;
    @FXML private Label downloadText;
    @FXML private Button useButton;

    private final ModelBrowserViewModel vm;
    private final Consumer<String> onError;

    /**
     * Creates the controller.
     *
     * @param viewModel the view-model
     * @param onError shows a message when a dropped file cannot be added
     */
    public ModelBrowserController(ModelBrowserViewModel viewModel, Consumer<String> onError) {
        this.vm = viewModel;
        this.onError = onError;
    }

    @FXML
    private void initialize() {
        search.textProperty().bindBidirectional(vm.searchProperty());
        Label none = new Label();
        none.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> "No model matches '"
                + vm.searchProperty().get().trim() + "'.", vm.searchProperty()));
        none.getStyleClass().add("muted");
        none.setWrapText(true);
        list.setPlaceholder(none);
        list.setItems(vm.visibleModels());
        list.setCellFactory(l -> new CardCell());
        // browsing reads cards; only Use (or a double-click, or Enter) changes the working model
        list.getSelectionModel().select(vm.viewedProperty().get());
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.viewedProperty().set(b);
            }
        });
        vm.viewedProperty().addListener((o, a, b) -> {
            list.getSelectionModel().select(b);
            showCard(b);
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            list.refresh(); // the "in use" badge moves
            showCard(vm.viewedProperty().get());
        });
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                vm.use();
            }
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                vm.use();
            }
        });
        useButton.disableProperty().bind(vm.canUseProperty().not());
        useButton.visibleProperty().bind(Bindings.createBooleanBinding(() -> vm.viewedProperty().get() != null
                && !vm.viewedProperty().get().equals(vm.selectedProperty().get()), vm.viewedProperty(),
                vm.selectedProperty()));
        useButton.managedProperty().bind(useButton.visibleProperty());
        showCard(vm.viewedProperty().get());
        downloadButton.textProperty().bind(vm.downloadLabelProperty());
        downloadButton.disableProperty().bind(vm.canDownloadProperty().not());
        cancelButton.disableProperty().bind(vm.canCancelProperty().not());
        downloadBar.progressProperty().bind(vm.downloadProgressProperty());
        downloadText.textProperty().bind(vm.downloadMessageProperty());
        downloadBox.visibleProperty().bind(Bindings.createBooleanBinding(() -> {
            CatalogueEntry e = vm.viewedProperty().get();
            return e != null && e.needsDownload() || vm.downloadingIdProperty().get() != null;
        }, vm.viewedProperty(), vm.downloadingIdProperty()));
        downloadBox.managedProperty().bind(downloadBox.visibleProperty());
        vm.checkZoo();
        list.getParent().setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
            }
            e.consume();
        });
        list.getParent().setOnDragDropped(e -> {
            boolean ok = false;
            for (File f : e.getDragboard().getFiles()) {
                vm.add(f.toPath(), onError);
                ok = true;
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    @FXML
    private void use() {
        vm.use();
    }

    @FXML
    private void download() {
        vm.download();
    }

    @FXML
    private void cancelDownload() {
        vm.cancelDownload();
    }

    private void showCard(CatalogueEntry e) {
        if (e == null) {
            cardTitle.setText("");
            cardText.setText("");
            cardStatus.setText("");
            return;
        }
        cardTitle.setText(e.name());
        String params = e.parameters() <= 0 ? "" : "\n\nParameters: " + dev.graft.ui.common.Messages.count(
                e.parameters()) + " as published. The layer tree counts the network training builds from it"
                + " (the layers up to its feature taps and a new head for your classes), so its total differs.";
        cardText.setText(e.card() + params + "\n\nWeights: " + e.source() + "\nLicence: " + e.license());
        String availability = "zoo".equals(e.kind()) ? capitalise(e.status()) + (e.statusDetail() == null ? ""
                : ": " + e.statusDetail()) : "";
        CatalogueEntry working = vm.selectedProperty().get();
        String use = e.equals(working) ? "In use: the layer tree and Train use this model."
                : vm.whyNotUse() != null ? vm.whyNotUse() + (working == null ? "" : " In use: " + working.name() + ".")
                : working == null ? "" : "In use: " + working.name() + ". Press Use this model (or double-click it)"
                        + " to switch.";
        cardStatus.setText(availability.isEmpty() ? use : availability + "\n" + use);
    }

    private static String capitalise(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A model card in the list. */
    private final class CardCell extends ListCell<CatalogueEntry> {
        CardCell() {
            setPrefWidth(0); // follow the list's width instead of the longest text: no sideways scrolling
        }

        @Override
        protected void updateItem(CatalogueEntry e, boolean empty) {
            super.updateItem(e, empty);
            if (empty || e == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            Label name = new Label(e.name());
            name.getStyleClass().add("name");
            name.setTooltip(new javafx.scene.control.Tooltip(e.name() + "\n" + ModelBrowserViewModel.subtitle(e)
                    + "\n" + e.license()));
            boolean inUse = e.equals(vm.selectedProperty().get());
            Label badge = new Label(inUse ? "✓ in use" : e.isDefault() ? "default" : "zoo".equals(e.kind())
                    && e.availableOffline() ? "cached" : e.kind());
            badge.getStyleClass().add("badge");
            badge.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the name gives way, not the badge
            name.setMinWidth(0);
            Pane spacer = new Pane();
            HBox.setHgrow(spacer, Priority.ALWAYS);
            HBox top = new HBox(6, name, spacer, badge);
            Label subtitle = new Label(ModelBrowserViewModel.subtitle(e));
            subtitle.getStyleClass().add("subtitle");
            Label licence = new Label(e.license());
            licence.getStyleClass().add("subtitle");
            subtitle.setTooltip(new javafx.scene.control.Tooltip(ModelBrowserViewModel.subtitle(e)));
            licence.setTooltip(new javafx.scene.control.Tooltip(e.license()));
            VBox card = new VBox(2, top, subtitle, licence);
            card.getStyleClass().add("model-card");
            card.setOpacity(e.availableOffline() ? 1 : 0.6);
            setText(null);
            setGraphic(card);
        }
    }
}
