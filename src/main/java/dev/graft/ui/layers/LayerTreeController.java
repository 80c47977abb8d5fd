package dev.graft.ui.layers;

import dev.graft.core.model.FreezePlan;
import dev.graft.core.model.LayerNode;
import dev.graft.ui.common.Messages;
import java.util.Arrays;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;

/** The interactive layer tree: a trainable check box on every node, presets, a live summary. */
public final class LayerTreeController {

    @FXML private TreeView<LayerNode> tree;
    @FXML private Label summary;
    @FXML private Label problem;
    @FXML private Spinner<Integer> lastStages;
    @FXML private Label unavailable;
    @FXML private Button presetDefault;
    @FXML private javafx.scene.layout.FlowPane presets; // wraps on narrow windows instead of cutting labels

    private final LayerTreeViewModel vm;

    /**
     * Creates the controller.
     *
     * @param viewModel the view-model
     */
    public LayerTreeController(LayerTreeViewModel viewModel) {
        this.vm = viewModel;
    }

    @FXML
    private void initialize() {
        summary.textProperty().bind(vm.summaryProperty());
        unavailable.textProperty().bind(vm.unavailableProperty());
        unavailable.visibleProperty().bind(vm.unavailableProperty().isNotNull());
        tree.visibleProperty().bind(vm.rootProperty().isNotNull());
        problem.textProperty().bind(vm.problemProperty());
        presets.disableProperty().bind(vm.lockedProperty());
        SpinnerValueFactory.IntegerSpinnerValueFactory stageCount =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 20, FreezePlan.AUTO_TRAIN_LAST);
        lastStages.setValueFactory(stageCount);
        // an emptied field committed on focus loss would leave no value (and the arrows would fail)
        stageCount.valueProperty().addListener((o, a, b) -> {
            if (b == null) {
                stageCount.setValue(a == null ? FreezePlan.AUTO_TRAIN_LAST : a);
            }
        });
        // whole numbers only, and no more than the model has stages (more would be "full" in disguise)
        lastStages.getEditor().setTextFormatter(new javafx.scene.control.TextFormatter<String>(
                c -> c.getControlNewText().matches("\\d{0,2}") ? c : null));
        vm.rootProperty().addListener((o, a, root) -> {
            if (root != null) { // a cleared tree (loading, unavailable) has no stages: keep the last maximum
                stageCount.setMax(vm.stages().size());
                // a new model starts at the default like its tree (a smaller model's maximum must not stick)
                stageCount.setValue(Math.min(FreezePlan.AUTO_TRAIN_LAST, vm.stages().size()));
            }
        });
        presetDefault.textProperty().bind(Bindings.createStringBinding(() -> vm.defaultInWordsProperty().get()
                .isEmpty() ? "Default" : "Default (" + vm.defaultInWordsProperty().get() + ")",
                vm.defaultInWordsProperty()));
        presetDefault.setTooltip(new Tooltip("What training does when you choose nothing: the last "
                + FreezePlan.AUTO_TRAIN_LAST + " stages and the head where the model allows it, else the head only."
                + " Chosen on validation data; if fine-tuning ends below the head's warm-up, the warm-up is kept."));
        tree.setCellFactory(t -> new LayerCell());
        vm.rootProperty().addListener((o, a, root) -> {
            if (root == null) {
                tree.setRoot(null);
                return;
            }
            TreeItem<LayerNode> item = build(root, 0);
            item.setExpanded(true);
            tree.setRoot(item);
            tree.setShowRoot(true);
            tree.getSelectionModel().select(item); // the keyboard starts somewhere visible
        });
        vm.revisionProperty().addListener((o, a, b) -> tree.refresh());
        // from the keyboard: arrows move, Space ticks or unticks the selected node (the check boxes
        // themselves take no focus, so the tree keeps it and shows which node is selected)
        tree.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            TreeItem<LayerNode> item = tree.getSelectionModel().getSelectedItem();
            if (e.getCode() == javafx.scene.input.KeyCode.SPACE && item != null && item.getValue() != null) {
                String path = item.getValue().path();
                if (vm.disabledReason(path) == null && !vm.lockedProperty().get()) {
                    vm.setTrainable(path, vm.state(path) != TrainState.ALL);
                }
                e.consume();
            }
        });
    }

    private static TreeItem<LayerNode> build(LayerNode node, int depth) {
        TreeItem<LayerNode> item = new TreeItem<>(node);
        item.setExpanded(depth < 1);
        for (LayerNode child : node.children()) {
            item.getChildren().add(build(child, depth + 1));
        }
        return item;
    }

    @FXML
    private void defaultPreset() {
        vm.defaultPreset();
    }

    @FXML
    private void featureExtractor() {
        vm.featureExtractor();
    }

    @FXML
    private void trainLast() {
        if (lastStages.getEditor().getText().isBlank()) {
            // nothing typed: show the value that counts instead of committing "no value"
            lastStages.getEditor().setText(String.valueOf(lastStages.getValue()));
        }
        lastStages.commitValue(); // a number typed but not yet confirmed with Enter counts
        Integer n = lastStages.getValue();
        if (n != null) {
            vm.trainLast(n);
        }
    }

    @FXML
    private void fullFineTuning() {
        vm.fullFineTuning();
    }

    /** A node: check box (three states), name, kind, parameter count, output shape. */
    private final class LayerCell extends TreeCell<LayerNode> {
        private final CheckBox check = new CheckBox();
        private final Label name = new Label();
        private final Label detail = new Label();
        private final HBox box = new HBox(8, check, name, detail);

        LayerCell() {
            detail.getStyleClass().add("layer-params");
            check.setFocusTraversable(false);
            check.setOnAction(e -> {
                LayerNode node = getItem();
                if (node != null) {
                    vm.setTrainable(node.path(), vm.state(node.path()) != TrainState.ALL);
                }
            });
        }

        @Override
        protected void updateItem(LayerNode node, boolean empty) {
            super.updateItem(node, empty);
            if (empty || node == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            check.setId("train-" + (node.path().isEmpty() ? "model" : node.path()));
            TrainState state = vm.state(node.path());
            check.setIndeterminate(state == TrainState.PARTIAL);
            check.setSelected(state == TrainState.ALL);
            String reason = vm.disabledReason(node.path());
            check.setDisable(reason != null);
            Tooltip tip = new Tooltip(reason != null ? reason : LayerWords.explain(node));
            tip.setWrapText(true);
            tip.setMaxWidth(480);
            setTooltip(tip);
            name.setText(node.path().isEmpty() ? "model" : node.name());
            String shape = node.outputShape() == null ? "" : " · output " + LayerWords.shape(node.outputShape());
            String stats = node.batchNormStatistics() > 0 && node.children().isEmpty() ? " · +BN statistics" : "";
            detail.setText(node.kind() + " · " + Messages.count(node.parameters() - node.batchNormStatistics())
                    + " params" + shape + stats);
            setText(null);
            setGraphic(box);
        }
    }
}
