package dev.graft.ui.results;

import dev.graft.core.eval.Evaluation;
import dev.graft.core.util.Json;
import dev.graft.ui.common.Background;
import dev.graft.ui.common.Messages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What a finished run got wrong: accuracy, confusion matrix, per-class precision and recall, the
 * most confident mistakes, and where the exported model is with how to load it.
 */
public final class ResultsViewModel {

    private final Background background;
    private final ReadOnlyObjectWrapper<Evaluation> evaluation = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<Path> runDir = new SimpleObjectProperty<>();
    private final StringProperty headline = new SimpleStringProperty("No results yet: train a model first.");
    private final StringProperty exportNote = new SimpleStringProperty("");

    /**
     * Creates the view-model.
     *
     * @param background where files are read
     */
    public ResultsViewModel(Background background) {
        this.background = background;
    }

    /**
     * Shows the evaluation of a run folder.
     *
     * @param dir the run folder
     */
    public void show(Path dir) {
        runDir.set(dir);
        background.run(() -> Json.COMPACT.fromJson(Files.readString(dir.resolve("evaluation.json")),
                Evaluation.class), e -> {
                    evaluation.set(e);
                    headline.set(String.format(Locale.ROOT, "Validation accuracy %.1f %% on %d images · %d mistakes",
                            100 * e.accuracy(), e.images(), e.images() - correct(e)));
                    Path model = dir.resolve("model");
                    exportNote.set("Exported model: " + model + "\nLoad it with DJL: Criteria.builder()"
                            + ".setTypes(Image.class, Classifications.class).optModelPath(Path.of(\"" + model
                            + "\")).optEngine(\"PyTorch\").optTranslatorFactory(new DeferredTranslatorFactory())"
                            + ".build().loadModel() — with graft.jar on the class path.");
                }, failure -> {
                    evaluation.set(null);
                    headline.set("No evaluation in " + dir + ": " + Messages.of(failure));
                });
    }

    /**
     * Copies the run's exported model folder into a folder the user chose, as
     * {@code <run name>-model}; never overwrites an existing folder.
     *
     * @param targetParent the chosen folder
     */
    public void exportTo(Path targetParent) {
        Path run = runDir.get();
        if (run == null) {
            return;
        }
        Path source = run.resolve("model");
        Path target = targetParent.resolve(run.getFileName() + "-model");
        background.run(() -> {
            if (Files.exists(target)) {
                throw new java.io.IOException(target + " already exists; choose another folder");
            }
            Files.createDirectories(target);
            try (var files = Files.list(source)) {
                for (Path f : files.toList()) {
                    Files.copy(f, target.resolve(f.getFileName()));
                }
            }
            return target;
        }, copied -> exportNote.set("Exported to " + copied + "\n" + exportNote.get()),
                failure -> exportNote.set("Export failed: " + Messages.of(failure) + "\n" + exportNote.get()));
    }

    static int correct(Evaluation e) {
        int c = 0;
        for (int i = 0; i < e.confusion().length; i++) {
            c += e.confusion()[i][i];
        }
        return c;
    }

    /**
     * Colour intensity of a confusion cell: its share of the true class's images.
     *
     * @param e the evaluation
     * @param t true class
     * @param p predicted class
     * @return 0..1
     */
    public static double share(Evaluation e, int t, int p) {
        int row = 0;
        for (int v : e.confusion()[t]) {
            row += v;
        }
        return row == 0 ? 0 : e.confusion()[t][p] / (double) row;
    }

    /** @return the evaluation shown, or null */
    public ReadOnlyObjectProperty<Evaluation> evaluationProperty() {
        return evaluation.getReadOnlyProperty();
    }

    /** @return the run folder shown */
    public ObjectProperty<Path> runDirProperty() {
        return runDir;
    }

    /** @return the accuracy line */
    public StringProperty headlineProperty() {
        return headline;
    }

    /** @return where the export is and how to load it */
    public StringProperty exportNoteProperty() {
        return exportNote;
    }
}
