package dev.graft.ui.results;

import dev.graft.core.eval.Evaluation;
import java.nio.file.Path;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The results view: which run, its model's accuracy, what to do next, a confusion heat map with
 * counts, per-class precision/recall, and the most confident mistakes with their files.
 */
public final class ResultsController {

    @FXML private ScrollPane page;
    @FXML private Label title;
    @FXML private Label details;
    @FXML private Label headline;
    @FXML private Label plan;
    @FXML private VBox rescueBox;
    @FXML private Label rescue;
    @FXML private Button adoptButton;
    @FXML private Button resumeButton;
    @FXML private Button retryButton;
    @FXML private VBox insights;
    @FXML private javafx.scene.layout.FlowPane tables;
    @FXML private GridPane confusion;
    @FXML private GridPane perClass;
    @FXML private Label mistakesTitle;
    @FXML private FlowPane mistakes;
    @FXML private FlowPane relabelBar;
    @FXML private Button exportButton;
    @FXML private TextArea exportNote;
    @FXML private javafx.scene.control.ComboBox<dev.graft.engine.export.ExportFormat> exportFormat;
    @FXML private javafx.scene.control.ProgressIndicator exportBusy;
    @FXML private HBox exportDone;
    @FXML private Label exportMessage;
    @FXML private Button openExport;

    /**
     * Asks for the folder an export goes to. The native folder dialog cannot open under headless
     * Monocle, so window tests replace it.
     */
    static java.util.function.Function<javafx.stage.Window, Path> folderChooser = window -> {
        javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
        chooser.setTitle("Export the model into … (an empty folder, or a new folder is made inside)");
        java.io.File dir = chooser.showDialog(window);
        return dir == null ? null : dir.toPath();
    };

    private final ResultsViewModel vm;
    private final MistakeHeatMaps heatMaps;

    /**
     * Creates the controller.
     *
     * @param vm the view-model
     * @param heatMaps the mistakes' heat maps
     */
    public ResultsController(ResultsViewModel vm, MistakeHeatMaps heatMaps) {
        this.vm = vm;
        this.heatMaps = heatMaps;
    }

    @FXML
    private void adopt() {
        vm.adoptCheckpoint();
    }

    @FXML
    private void resume() {
        vm.resumeFromCheckpoint();
    }

    @FXML
    private void retry() {
        vm.retry();
    }

    @FXML
    private void initialize() {
        title.textProperty().bind(vm.titleProperty());
        // another run's results start at their top (its name and headline), not where the last one was left
        vm.runProperty().addListener((o, a, b) -> page.setVvalue(0));
        // the notes' tinted box only when there are notes
        insights.visibleProperty().bind(Bindings.isNotEmpty(insights.getChildren()));
        insights.managedProperty().bind(insights.visibleProperty());
        details.textProperty().bind(vm.detailsProperty());
        headline.textProperty().bind(vm.headlineProperty());
        plan.textProperty().bind(vm.planProperty());
        plan.managedProperty().bind(vm.planProperty().isNotEmpty());
        rescue.textProperty().bind(vm.rescueProperty());
        rescueBox.visibleProperty().bind(vm.rescueProperty().isNotEmpty());
        rescueBox.managedProperty().bind(rescueBox.visibleProperty());
        adoptButton.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                vm.rescueCheckpointProperty().get() == null ? "" : "Make " + vm.rescueCheckpointProperty().get().label()
                        + " the run's model", vm.rescueCheckpointProperty()));
        resumeButton.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                vm.rescueCheckpointProperty().get() == null ? "" : "Resume from " + vm.rescueCheckpointProperty().get()
                        .label(), vm.rescueCheckpointProperty()));
        for (Button b : java.util.List.of(adoptButton, resumeButton)) {
            b.visibleProperty().bind(vm.rescueCheckpointProperty().isNotNull());
            b.managedProperty().bind(b.visibleProperty());
        }
        adoptButton.setTooltip(new javafx.scene.control.Tooltip("Copies that checkpoint to the run's model folder:"
                + " predict, export and pre-sorting then use it. The run's record still says how it ended."));
        resumeButton.setTooltip(new javafx.scene.control.Tooltip("Starts a new run from that checkpoint for the"
                + " epochs this run had left, with its recipe (the learning-rate schedule starts again)."));
        retryButton.setTooltip(new javafx.scene.control.Tooltip("Trains this run's recipe again from the start, in"
                + " a new run folder."));
        retryButton.visibleProperty().bind(vm.canRetryProperty());
        retryButton.managedProperty().bind(retryButton.visibleProperty());
        retryButton.disableProperty().bind(vm.trainingBusyProperty());
        resumeButton.disableProperty().bind(vm.trainingBusyProperty());
        exportNote.textProperty().bind(vm.exportNoteProperty());
        exportNote.visibleProperty().bind(vm.modelDirProperty().isNotNull());
        exportNote.managedProperty().bind(exportNote.visibleProperty());
        bindExport(vm.exporter());
        tables.visibleProperty().bind(vm.evaluationProperty().isNotNull());
        tables.managedProperty().bind(tables.visibleProperty());
        mistakesTitle.visibleProperty().bind(Bindings.isNotEmpty(mistakes.getChildren()));
        mistakesTitle.managedProperty().bind(mistakesTitle.visibleProperty());
        vm.evaluationProperty().addListener((o, a, e) -> show(e));
        tables.getChildren().add(new ReliabilityDiagram(vm.calibration()));
        relabelBar.visibleProperty().bind(Bindings.isNotEmpty(mistakes.getChildren()));
        relabelBar.managedProperty().bind(relabelBar.visibleProperty());
        vm.relabelled().addListener((javafx.collections.MapChangeListener<String, String>) c -> {
            Evaluation e = vm.evaluationProperty().get();
            if (e != null) {
                showMistakes(e);
            }
        });
        vm.insights().addListener((ListChangeListener<String>) c -> {
            insights.getChildren().clear();
            for (String s : vm.insights()) {
                Label l = new Label("• " + s);
                l.setWrapText(true);
                l.getStyleClass().add("insight");
                insights.getChildren().add(l);
            }
        });
    }

    private void bindExport(ExportViewModel ex) {
        exportFormat.getItems().setAll(ex.formats());
        exportFormat.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(dev.graft.engine.export.ExportFormat f) {
                return f == null ? "" : f.label();
            }

            @Override
            public dev.graft.engine.export.ExportFormat fromString(String s) {
                return null;
            }
        });
        exportFormat.valueProperty().bindBidirectional(ex.formatProperty());
        exportFormat.disableProperty().bind(ex.runProperty().isNull().or(ex.busyProperty()));
        exportFormat.setTooltip(new Tooltip("ONNX: any ONNX runtime (Java, Python, C#, phones). Web page: the"
                + " model with a page that runs it in a browser, offline. DJL model folder: DJL's Criteria and"
                + " DJL Serving with the PyTorch engine."));
        exportButton.disableProperty().bind(ex.canExportBinding().not());
        exportBusy.visibleProperty().bind(ex.busyProperty());
        exportBusy.managedProperty().bind(exportBusy.visibleProperty());
        exportMessage.textProperty().bind(ex.messageProperty());
        // green when it worked, red when it failed, plain while it runs
        ex.messageProperty().addListener((o, a, text) -> {
            exportMessage.getStyleClass().removeAll("danger", "success");
            if (!ex.busyProperty().get() && !text.isEmpty()) {
                exportMessage.getStyleClass().add(ex.failedProperty().get() ? "danger" : "success");
            }
        });
        exportDone.visibleProperty().bind(ex.messageProperty().isNotEmpty());
        exportDone.managedProperty().bind(exportDone.visibleProperty());
        openExport.visibleProperty().bind(ex.exportedProperty().isNotNull());
        openExport.managedProperty().bind(openExport.visibleProperty());
    }

    @FXML
    private void export() {
        Path dir = folderChooser.apply(headline.getScene().getWindow());
        if (dir != null) {
            vm.exporter().exportInto(dir);
        }
    }

    @FXML
    private void openExport() {
        Path dir = vm.exporter().exportedProperty().get();
        if (dir != null) {
            openFile(dir);
        }
    }

    private void show(Evaluation e) {
        confusion.getChildren().clear();
        perClass.getChildren().clear();
        mistakes.getChildren().clear();
        if (e == null) {
            return;
        }
        int n = e.classes().size();
        for (int c = 0; c < n; c++) {
            confusion.add(header(e.classes().get(c)), c + 1, 0);
            confusion.add(header(e.classes().get(c)), 0, c + 1);
        }
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                confusion.add(cell(e, t, p), p + 1, t + 1);
            }
        }
        perClass.addRow(0, new Label("class"), new Label("precision"), new Label("recall"), new Label("images"));
        for (int c = 0; c < n; c++) {
            perClass.addRow(c + 1, new Label(e.classes().get(c)), new Label(pct(e.precision()[c])),
                    new Label(pct(e.recall()[c])), new Label(Integer.toString(e.support()[c])));
        }
        showMistakes(e);
    }

    /** The mistakes, and the classes to drag them onto (relabelling moves the file, undoably). */
    private void showMistakes(Evaluation e) {
        mistakes.getChildren().clear();
        relabelBar.getChildren().clear();
        for (Evaluation.Mistake m : e.worstMistakes()) {
            mistakes.getChildren().add(tile(m));
        }
        if (e.worstMistakes().isEmpty()) {
            return;
        }
        relabelBar.getChildren().add(new Label("Wrong label? Drag the image onto its right class:"));
        for (String cls : e.classes()) {
            Label target = new Label(cls);
            target.getStyleClass().add("relabel-target");
            target.setId(dev.graft.ui.labelling.LabellingController.nodeId("relabel-", cls));
            target.setOnDragOver(ev -> {
                if (ev.getDragboard().hasString() && vm.mistakeOf(ev.getDragboard().getString()) != null) {
                    ev.acceptTransferModes(javafx.scene.input.TransferMode.ANY);
                    ev.consume();
                }
            });
            target.setOnDragEntered(ev -> target.getStyleClass().add("drop-over"));
            target.setOnDragExited(ev -> target.getStyleClass().remove("drop-over"));
            target.setOnDragDropped(ev -> {
                Evaluation.Mistake m = ev.getDragboard().hasString() ? vm.mistakeOf(ev.getDragboard().getString())
                        : null;
                if (m != null) {
                    vm.relabel(m, cls);
                    ev.setDropCompleted(true);
                    ev.consume();
                }
            });
            relabelBar.getChildren().add(target);
        }
        Button retrain = new Button("Retrain with the corrected labels");
        retrain.setId("retrain");
        retrain.disableProperty().bind(Bindings.isEmpty(vm.relabelled()));
        retrain.setOnAction(ev -> vm.retrain());
        relabelBar.getChildren().add(retrain);
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("confusion-header");
        l.setTooltip(new Tooltip(text));
        return l;
    }

    /**
     * A cell of the heat map: right answers in green, wrong ones in red, by their share of the true
     * class; a class without validation images is grey, not a green "0".
     */
    private static Label cell(Evaluation e, int t, int p) {
        int count = e.confusion()[t][p];
        Label cell = new Label(Integer.toString(count));
        cell.getStyleClass().add("confusion-cell");
        if (e.support()[t] == 0) {
            cell.getStyleClass().add("confusion-empty");
            cell.setTooltip(new Tooltip("No validation images of '" + e.classes().get(t) + "'"));
            return cell;
        }
        double share = ResultsViewModel.share(e, t, p);
        if (count == 0) {
            return cell;
        }
        String colour = t == p ? "0, 114, 178" : "213, 94, 0"; // Okabe–Ito blue and vermillion
        cell.setStyle(String.format(Locale.ROOT, "-fx-background-color: rgba(%s, %.2f);%s", colour,
                0.12 + 0.8 * share, share > 0.5 ? " -fx-text-fill: white;" : ""));
        cell.setTooltip(new Tooltip(String.format(Locale.ROOT, "%d of %d '%s' images predicted as '%s'", count,
                e.support()[t], e.classes().get(t), e.classes().get(p))));
        return cell;
    }

    /** A mistake: the image, what it is and what the model said, its file, and what to do with it. */
    private VBox tile(Evaluation.Mistake m) {
        Path file = Path.of(m.file());
        ImageView img = new ImageView(new Image(file.toUri().toString(), 96, 96, true, true, true));
        Label text = new Label(String.format(Locale.ROOT, "%s → %s\n%.0f %% sure", m.trueClass(), m.predictedClass(),
                100 * m.confidence()));
        Label name = new Label(file.getFileName().toString());
        name.getStyleClass().add("muted");
        name.setMaxWidth(140);
        name.setTooltip(new Tooltip(m.file()));
        Button open = new Button("Open");
        open.getStyleClass().add("small");
        open.setOnAction(ev -> openFile(file));
        Button copy = new Button("Copy path");
        copy.getStyleClass().add("small");
        copy.setOnAction(ev -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(m.file());
            Clipboard.getSystemClipboard().setContent(content);
        });
        String moved = vm.relabelled().get(m.file());
        Button toPredicted = new Button("Move to '" + m.predictedClass() + "'");
        toPredicted.getStyleClass().add("small");
        toPredicted.setId(dev.graft.ui.labelling.LabellingController.nodeId("moveToPredicted-",
                file.getFileName().toString()));
        toPredicted.setTooltip(new Tooltip("The model is right and the label wrong: move the file to the class '"
                + m.predictedClass() + "' (Ctrl+Z undoes it)"));
        toPredicted.setOnAction(ev -> vm.relabel(m, m.predictedClass()));
        toPredicted.setDisable(moved != null);
        Label state = new Label(moved == null ? "" : "moved to '" + moved + "' · Ctrl+Z undoes");
        state.getStyleClass().add("muted");
        state.setVisible(moved != null);
        state.setManaged(moved != null);
        VBox card = new VBox(4, img, text, name, new HBox(4, open, copy), heatMaps.button(m), toPredicted, state);
        card.getStyleClass().add("mistake");
        card.setId(dev.graft.ui.labelling.LabellingController.nodeId("mistake-", file.getFileName().toString()));
        // drag the image onto its right class (above); the file manager may copy it, never move it
        card.setOnDragDetected(ev -> {
            javafx.scene.input.Dragboard db = card.startDragAndDrop(javafx.scene.input.TransferMode.COPY);
            ClipboardContent content = new ClipboardContent();
            content.putString(m.file());
            content.putFiles(java.util.List.of(file.toFile()));
            db.setContent(content);
            ev.consume();
        });
        return card;
    }

    private void openFile(Path file) {
        // the desktop's viewer, through the host services when the app runs as an Application
        Thread t = new Thread(() -> {
            try {
                if (java.awt.Desktop.isDesktopSupported()) {
                    java.awt.Desktop.getDesktop().open(file.toFile());
                    return;
                }
            } catch (Exception e) {
                // fall through to xdg-open
            }
            try {
                new ProcessBuilder("xdg-open", file.toString()).start();
            } catch (java.io.IOException e) {
                org.slf4j.LoggerFactory.getLogger(ResultsController.class).warn("cannot open {}: {}", file,
                        e.getMessage());
            }
        }, "graft-open-file");
        t.setDaemon(true);
        t.start();
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f %%", 100 * v);
    }
}
