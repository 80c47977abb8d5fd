package dev.graft.ui.results;

import dev.graft.core.eval.Evaluation;
import dev.graft.core.run.RunRecord;
import dev.graft.engine.explain.Explanation;
import dev.graft.ui.tryout.HeatMapWindow;
import dev.graft.ui.tryout.HeatMaps;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.control.Button;

/**
 * A mistake's heat map: a "Where it looked" button on each of the worst mistakes opens a
 * {@link HeatMapWindow} with the image and where the model looked, for the class it wrongly said
 * and for the true one (a mistake made for the background shows heat away from the object).
 * Computed in the background by {@link HeatMaps} with the run Results shows.
 */
public final class MistakeHeatMaps {

    private final HeatMaps heatMaps;
    private final Supplier<RunRecord> run;

    /**
     * Creates the heat maps of mistakes.
     *
     * @param heatMaps explains images with a run's model
     * @param run the run Results shows
     */
    public MistakeHeatMaps(HeatMaps heatMaps, Supplier<RunRecord> run) {
        this.heatMaps = heatMaps;
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
    public void explain(Evaluation.Mistake m, String cls, Consumer<Explanation> done, Consumer<String> failed) {
        RunRecord r = run.get();
        if (r == null || !r.hasModel()) {
            failed.accept("This run has no model to explain with.");
            return;
        }
        heatMaps.explain(r.dir(), r.name(), Path.of(m.file()), cls, done, failed);
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
        b.setOnAction(e -> HeatMapWindow.show(b, "Where it looked · " + Path.of(m.file()).getFileName(),
                "mistakeHeatMap", null, List.of(new HeatMapWindow.Choice(m.predictedClass(), "It said: "
                        + m.predictedClass(), "heatSaid"), new HeatMapWindow.Choice(m.trueClass(), "It is: "
                        + m.trueClass(), "heatTruth")), null, (cls, done, failed) -> explain(m, cls, done, failed)));
        return b;
    }
}
