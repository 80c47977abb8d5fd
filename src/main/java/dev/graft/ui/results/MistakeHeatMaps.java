package dev.graft.ui.results;

import dev.graft.core.eval.Evaluation;
import dev.graft.core.run.Failures;
import dev.graft.core.run.RunRecord;
import dev.graft.engine.explain.Explanation;
import dev.graft.engine.explain.Overlay;
import dev.graft.ui.common.Background;
import dev.graft.ui.tryout.Explainers;
import dev.graft.ui.tryout.Pictures;
import dev.graft.ui.tryout.TryViewModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * A mistake's heat map: a "Where it looked" button on each of the worst mistakes opens a window
 * with the image and where the model looked, for the class it wrongly said and for the true one
 * (a mistake made for the background shows heat away from the object). Computed in the background
 * with the run Results shows.
 */
public final class MistakeHeatMaps {

    private static final int SIDE = 2 * TryViewModel.PREVIEW_SIDE;
    /** Longer side of the picture shown (small icons are scaled up to it). */
    private static final double SHOWN = 420;

    private final Background background;
    private final Explainers explainers;
    private final Supplier<RunRecord> run;

    /**
     * Creates the heat maps of mistakes.
     *
     * @param background where the model runs
     * @param explainers the model in use
     * @param run the run Results shows
     */
    public MistakeHeatMaps(Background background, Explainers explainers, Supplier<RunRecord> run) {
        this.background = background;
        this.explainers = explainers;
        this.run = run;
    }

    /**
     * Explains a mistake for one class in the background.
     *
     * @param m the mistake
     * @param cls the class
     * @param done receives the explanation on the UI thread
     * @param failed receives a sentence on the UI thread
     */
    public void explain(Evaluation.Mistake m, String cls, java.util.function.Consumer<Explanation> done,
            java.util.function.Consumer<String> failed) {
        RunRecord r = run.get();
        if (r == null || !r.hasModel()) {
            failed.accept("This run has no model to explain with.");
            return;
        }
        background.run(() -> explainers.explain(r.dir(), Path.of(m.file()), cls, SIDE), e -> {
            if (e.error() != null) {
                failed.accept("Cannot read this image: " + e.error());
            } else if (e.heat() == null) {
                failed.accept(e.unavailable());
            } else {
                done.accept(e);
            }
        }, f -> failed.accept("Cannot explain with run '" + r.name() + "': " + Failures.describe(f)));
    }

    /**
     * The button a mistake's card gets.
     *
     * @param m the mistake
     * @return a button that opens the heat map's window
     */
    public Button button(Evaluation.Mistake m) {
        Button b = new Button("Where it looked");
        b.getStyleClass().add("small");
        b.setId(dev.graft.ui.labelling.LabellingController.nodeId("heatMap-", Path.of(m.file()).getFileName()
                .toString()));
        b.setOnAction(e -> show(m, b));
        return b;
    }


    private void show(Evaluation.Mistake m, Button owner) {
        StackPane picture = new StackPane(new Label("Working…"));
        picture.setMinSize(SHOWN, SHOWN);
        Label note = new Label();
        note.setWrapText(true);
        note.setMaxWidth(SHOWN);
        Slider opacity = new Slider(0, 1, Overlay.DEFAULT_OPACITY);
        ToggleGroup classes = new ToggleGroup();
        ToggleButton said = new ToggleButton("It said: " + m.predictedClass());
        ToggleButton truth = new ToggleButton("It is: " + m.trueClass());
        said.setId("heatSaid");
        truth.setId("heatTruth");
        said.setToggleGroup(classes);
        truth.setToggleGroup(classes);
        Runnable[] load = new Runnable[1];
        load[0] = () -> {
            String cls = truth.isSelected() ? m.trueClass() : m.predictedClass();
            explain(m, cls, e -> {
                ImageView base = Pictures.shown(e.preview(), SHOWN);
                ImageView heat = Pictures.shown(
                        dev.graft.core.explain.Picture.ofHeat(e.heat(), e.preview().width(), e.preview().height()), SHOWN);
                heat.setId("mistakeHeat");
                heat.opacityProperty().bind(opacity.valueProperty());
                picture.getChildren().setAll(base, heat);
                note.setText(String.format(Locale.ROOT, "Where the model looked for '%s' (%.0f %%). Yellow: most;"
                        + " dark violet: least; grey: cut away by the square crop, never seen.", cls,
                        100 * e.probability(cls)));
                if (picture.getScene() != null) {
                    picture.getScene().getWindow().sizeToScene(); // room for the wrapped note
                }
            }, text -> {
                picture.getChildren().setAll(new Label(text));
                note.setText("");
            });
        };
        said.setSelected(true);
        classes.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                a.setSelected(true);
            } else {
                load[0].run();
            }
        });
        VBox root = new VBox(8, new HBox(8, said, truth, new Label("Opacity"), opacity), picture, note);
        root.getStyleClass().add("page");
        root.setId("mistakeHeatMap");
        Stage stage = new Stage();
        stage.initOwner(owner.getScene().getWindow());
        stage.setTitle("Where it looked · " + Path.of(m.file()).getFileName());
        Scene scene = new Scene(root);
        scene.getStylesheets().setAll(owner.getScene().getStylesheets());
        stage.setScene(scene);
        stage.show();
        load[0].run();
    }
}
