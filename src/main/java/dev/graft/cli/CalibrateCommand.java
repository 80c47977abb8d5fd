package dev.graft.cli;

import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.DatasetSplit;
import dev.graft.core.data.LabeledImage;
import dev.graft.core.eval.CalibrationReport;
import dev.graft.core.run.Recipe;
import dev.graft.core.run.RecipeJson;
import dev.graft.core.run.RunFolder;
import dev.graft.core.util.Json;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.engine.eval.ModelCalibrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code graft calibrate}: fits the temperature and the familiarity check of an existing run's
 * model on the run's own split (the recipe's seed and validation fraction give the same split
 * again), for runs trained before calibration existed.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Calibrate a run's model on its validation split (writes calibration.json and"
                + " familiarity.json into the run's model folder).")
final class CalibrateCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "run folder")
    Path run;

    @Option(names = "--data", description = "the run's dataset, when it is no longer where the recipe says")
    Path data;

    @Option(names = "--json", description = "print calibration.json's content")
    boolean json;

    @Override
    public Integer call() throws Exception {
        RunFolder folder = new RunFolder(run);
        if (!Files.isRegularFile(folder.recipe())) {
            System.err.println("graft: " + run + " is not a run folder (it has no " + RunFolder.RECIPE + ")");
            return 2;
        }
        if (!Files.isDirectory(folder.model())) {
            System.err.println("graft: " + run + " has no model/ (the run did not finish); nothing to calibrate");
            return 2;
        }
        Recipe recipe = RecipeJson.read(folder.recipe()).buildUnchecked();
        Path dataset = data != null ? data : Path.of(recipe.data());
        if (!Files.isDirectory(dataset)) {
            System.err.println("graft: the run's dataset " + dataset + " is not there; give its folder with --data");
            return 2;
        }
        DatasetScan scan = new DatasetScanner().scan(dataset);
        DatasetSplit split = DatasetSplit.stratified(scan, recipe.valFraction(), recipe.seed());
        if (split.validation().isEmpty()) {
            System.err.println("graft: run " + run + " has no validation split (validation fraction "
                    + recipe.valFraction() + "): calibration needs images the model did not train on."
                    + " Train again with a validation fraction above 0.");
            return 2;
        }
        int moved = changedSinceTraining(folder, split.validation());
        if (moved > 0) {
            System.err.println("graft: warning: " + moved + " validation images differ from the ones the run"
                    + " recorded (the dataset changed since training); some may be images the model trained on,"
                    + " which makes the calibration too sure");
        }
        ModelCalibrator.Outcome o = ModelCalibrator.calibrate(folder.model(), split.train(), split.validation(),
                scan.classes(), recipe.batchSize());
        CalibrationReport r = o.report();
        if (json) {
            System.out.println(Json.PORTABLE.toJson(r));
            return 0;
        }
        System.out.printf(Locale.ROOT, "temperature %.3f on %d validation images (%s)%n", r.temperature(),
                r.images(), r.method());
        System.out.printf(Locale.ROOT, "expected calibration error (10 bins) %.4f -> %.4f;"
                + " negative log-likelihood %.4f -> %.4f%n", r.eceBefore(), r.eceAfter(), r.nllBefore(), r.nllAfter());
        System.out.printf(Locale.ROOT, "familiar: %d of %d validation images%n", o.familiarOnValidation(), r.images());
        System.out.println("written: " + folder.model().resolve(dev.graft.core.model.ModelFiles.CALIBRATION));
        return 0;
    }

    /** Validation images not among those the run's {@code dataset.json} lists (0 without the file). */
    private static int changedSinceTraining(RunFolder folder, List<LabeledImage> validation) {
        try {
            var recorded = Json.COMPACT.fromJson(Files.readString(folder.dataset()), com.google.gson.JsonObject.class)
                    .getAsJsonArray("validation");
            Set<String> names = new HashSet<>();
            recorded.forEach(e -> names.add(Path.of(e.getAsString()).getFileName().toString()));
            return (int) validation.stream().filter(i -> !names.contains(i.file().getFileName().toString())).count();
        } catch (Exception e) {
            return 0; // an old run without dataset.json: nothing to compare with
        }
    }
}
