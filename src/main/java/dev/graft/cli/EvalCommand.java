package dev.graft.cli;

import dev.graft.core.data.DatasetScan;
import dev.graft.core.eval.Evaluation;
import dev.graft.core.run.RecipeDefaults;
import dev.graft.core.util.Json;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.engine.eval.Evaluator;
import dev.graft.engine.inference.ModelCalibration;
import dev.graft.engine.net.LoadedNet;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graft eval}: accuracy, per-class precision/recall, confusion matrix, worst mistakes. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a run's model on a labelled folder (class names must match the model's).")
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "run folder (or model folder)")
    Path run;

    @Option(names = "--data", required = true, description = "labelled folder, one sub-folder per class")
    Path data;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--batch-size", defaultValue = "" + RecipeDefaults.BATCH_SIZE,
            description = "images per forward pass, 1-4096 (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--mistakes", defaultValue = "10", description = "worst mistakes to list (default: ${DEFAULT-VALUE})")
    int mistakes;

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1 || batchSize > 4096) {
            System.err.println("graft: --batch-size must be between 1 and 4096: " + batchSize);
            return 2;
        }
        if (mistakes < 0) {
            System.err.println("graft: --mistakes must not be negative: " + mistakes);
            return 2;
        }
        DatasetScan scan = new DatasetScanner().scan(data);
        Evaluator.Report report;
        ModelCalibration calibration = RunModels.calibration(run);
        try (LoadedNet net = RunModels.load(run)) {
            report = Evaluator.evaluate(net, calibration, scan.images(), scan.classes(), batchSize);
        }
        Evaluation e = report.evaluation();
        PrintStream out = System.out;
        if (json) {
            com.google.gson.JsonObject tree = Json.PORTABLE.toJsonTree(e).getAsJsonObject();
            tree.add("calibration", Json.PORTABLE.toJsonTree(CalibrationLines.json(report)));
            out.println(Json.PORTABLE.toJson(tree));
            return 0;
        }
        out.printf(Locale.ROOT, "accuracy %.4f on %d images (%d files skipped)%n", e.accuracy(), e.images(),
                scan.skipped().size() + e.skipped().size());
        CalibrationLines.print(out, report, calibration.familiarity() != null);
        out.printf(Locale.ROOT, "%-16s %9s %9s %8s%n", "class", "precision", "recall", "images");
        for (int c = 0; c < e.classes().size(); c++) {
            out.printf(Locale.ROOT, "%-16s %9.3f %9.3f %8d%n", e.classes().get(c), e.precision()[c], e.recall()[c],
                    e.support()[c]);
        }
        out.println("confusion matrix (rows: true class, columns: predicted)");
        StringBuilder header = new StringBuilder(String.format("%-16s", ""));
        for (String c : e.classes()) {
            header.append(String.format("%9.9s", c));
        }
        out.println(header);
        for (int t = 0; t < e.classes().size(); t++) {
            StringBuilder row = new StringBuilder(String.format("%-16s", e.classes().get(t)));
            for (int p = 0; p < e.classes().size(); p++) {
                row.append(String.format("%9d", e.confusion()[t][p]));
            }
            out.println(row);
        }
        if (!e.worstMistakes().isEmpty()) {
            out.println("worst mistakes (most confident first)");
            e.worstMistakes().stream().limit(mistakes).forEach(m -> out.printf(Locale.ROOT,
                    "  %.3f  %s -> %s  %s%n", m.confidence(), m.trueClass(), m.predictedClass(), m.file()));
        }
        return 0;
    }
}
