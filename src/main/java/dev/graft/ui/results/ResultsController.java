package dev.graft.ui.results;

import dev.graft.core.eval.Evaluation;
import java.nio.file.Path;
import java.util.Locale;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** The results view: confusion heat map with counts, per-class precision/recall, worst mistakes. */
public final class ResultsController {

    @FXML private Label headline;
    @FXML private GridPane confusion;
    @FXML private GridPane perClass;
    @FXML private FlowPane mistakes;
    @FXML private TextArea exportNote;

    /**
     * Connects the view.
     *
     * @param vm the view-model
     */
    public void init(ResultsViewModel vm) {
        this.vm = vm;
        headline.textProperty().bind(vm.headlineProperty());
        exportNote.textProperty().bind(vm.exportNoteProperty());
        vm.evaluationProperty().addListener((o, a, e) -> show(e));
    }

    private ResultsViewModel vm;

    @FXML
    private void export() {
        javafx.stage.DirectoryChooser chooser = new javafx.stage.DirectoryChooser();
        chooser.setTitle("Export the model folder into …");
        java.io.File dir = chooser.showDialog(headline.getScene().getWindow());
        if (dir != null) {
            vm.exportTo(dir.toPath());
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
            Label col = new Label(e.classes().get(c));
            col.getStyleClass().add("confusion-header");
            confusion.add(col, c + 1, 0);
            Label row = new Label(e.classes().get(c));
            row.getStyleClass().add("confusion-header");
            confusion.add(row, 0, c + 1);
        }
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                double share = ResultsViewModel.share(e, t, p);
                Label cell = new Label(Integer.toString(e.confusion()[t][p]));
                cell.getStyleClass().add("confusion-cell");
                String colour = t == p ? "46, 160, 67" : "207, 34, 46";
                cell.setStyle(String.format(Locale.ROOT, "-fx-background-color: rgba(%s, %.2f);%s", colour,
                        0.08 + 0.8 * share, share > 0.5 ? " -fx-text-fill: white;" : ""));
                confusion.add(cell, p + 1, t + 1);
            }
        }
        perClass.addRow(0, new Label("class"), new Label("precision"), new Label("recall"), new Label("images"));
        for (int c = 0; c < n; c++) {
            perClass.addRow(c + 1, new Label(e.classes().get(c)), new Label(pct(e.precision()[c])),
                    new Label(pct(e.recall()[c])), new Label(Integer.toString(e.support()[c])));
        }
        for (Evaluation.Mistake m : e.worstMistakes()) {
            ImageView img = new ImageView(new Image(Path.of(m.file()).toUri().toString(), 96, 96, true, true, true));
            Label text = new Label(String.format(Locale.ROOT, "%s → %s\n%.0f %% sure", m.trueClass(),
                    m.predictedClass(), 100 * m.confidence()));
            VBox card = new VBox(4, img, text);
            card.getStyleClass().add("mistake");
            mistakes.getChildren().add(card);
        }
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.0f %%", 100 * v);
    }
}
