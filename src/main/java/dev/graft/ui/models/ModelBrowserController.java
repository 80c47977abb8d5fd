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

    private ModelBrowserViewModel vm;

    /**
     * Connects the view to its view-model.
     *
     * @param viewModel the view-model
     * @param onError shows a message when a dropped file cannot be added
     */
    public void init(ModelBrowserViewModel viewModel, Consumer<String> onError) {
        this.vm = viewModel;
        search.textProperty().bindBidirectional(vm.searchProperty());
        list.setItems(vm.visibleModels());
        list.setCellFactory(l -> new CardCell());
        list.getSelectionModel().select(vm.selectedProperty().get());
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectedProperty().set(b);
            }
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            list.getSelectionModel().select(b);
            showCard(b);
        });
        showCard(vm.selectedProperty().get());
        downloadButton.textProperty().bind(vm.downloadLabelProperty());
        downloadButton.disableProperty().bind(vm.canDownloadProperty().not());
        cancelButton.disableProperty().bind(vm.canCancelProperty().not());
        downloadBar.progressProperty().bind(vm.downloadProgressProperty());
        downloadText.textProperty().bind(vm.downloadMessageProperty());
        downloadBox.visibleProperty().bind(Bindings.createBooleanBinding(() -> {
            CatalogueEntry e = vm.selectedProperty().get();
            return e != null && e.needsDownload() || vm.downloadingIdProperty().get() != null;
        }, vm.selectedProperty(), vm.downloadingIdProperty()));
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
                try {
                    vm.addLocal(f.toPath());
                    ok = true;
                } catch (IllegalArgumentException ex) {
                    onError.accept(ex.getMessage());
                }
            }
            e.setDropCompleted(ok);
            e.consume();
        });
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
        cardText.setText(e.card() + "\n\nWeights: " + e.source() + "\nLicence: " + e.license());
        cardStatus.setText("zoo".equals(e.kind()) ? capitalise(e.status()) + (e.statusDetail() == null ? ""
                : ": " + e.statusDetail()) : "");
    }

    private static String capitalise(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A model card in the list. */
    private static final class CardCell extends ListCell<CatalogueEntry> {
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
            Label badge = new Label(e.isDefault() ? "default" : "zoo".equals(e.kind()) && e.availableOffline() ? "cached" : e.kind());
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
            VBox card = new VBox(2, top, subtitle, licence);
            card.getStyleClass().add("model-card");
            card.setOpacity(e.availableOffline() ? 1 : 0.6);
            setText(null);
            setGraphic(card);
        }
    }
}
