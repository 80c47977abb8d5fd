package dev.graft.cli;

import dev.graft.core.eval.Evaluation;
import dev.graft.core.util.Json;
import dev.graft.engine.inference.Inference;
import dev.graft.engine.inference.ModelCalibration;
import dev.graft.engine.net.LoadedNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code graft predict}: class probabilities of image files. */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Classify image files with a run's model.")
final class PredictCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "run folder (or model folder)")
    Path run;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--top", defaultValue = "3", description = "classes to show per image (default: ${DEFAULT-VALUE})")
    int top;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "images to classify")
    List<Path> files;

    /**
     * One prediction.
     *
     * @param file the image
     * @param label the most likely class (null when unreadable)
     * @param confidence its probability
     * @param probabilities every class's probability
     * @param familiar false when the image is unlike the images the model was trained on
     * @param error why the file could not be read, or null
     */
    record Prediction(String file, String label, double confidence, Map<String, Double> probabilities,
            boolean familiar, String error) {}

    @Override
    public Integer call() throws Exception {
        if (top < 1) {
            System.err.println("graft: --top must be at least 1: " + top);
            return 2;
        }
        List<Prediction> predictions = new ArrayList<>();
        ModelCalibration calibration = RunModels.calibration(run);
        try (LoadedNet net = RunModels.load(run)) {
            List<String> classes = net.net().spec().classes();
            for (Inference.Result r : new Inference(net, calibration).run(files, 16)) {
                if (r.probabilities() == null) {
                    predictions.add(new Prediction(r.file().toString(), null, Double.NaN, Map.of(), true, r.error()));
                    continue;
                }
                Map<String, Double> probs = new LinkedHashMap<>();
                for (int c = 0; c < classes.size(); c++) {
                    probs.put(classes.get(c), (double) r.probabilities()[c]);
                }
                int best = Evaluation.argmax(r.probabilities());
                predictions.add(new Prediction(r.file().toString(), classes.get(best), r.probabilities()[best], probs,
                        r.familiar(), null));
            }
        }
        boolean anyError = predictions.stream().anyMatch(p -> p.error() != null);
        if (json) {
            System.out.println(Json.PORTABLE.toJson(predictions));
            return anyError ? 1 : 0;
        }
        for (Prediction p : predictions) {
            if (p.error() != null) {
                System.out.println(p.file() + ": cannot classify: " + p.error());
                continue;
            }
            StringBuilder line = new StringBuilder(p.file()).append(':');
            p.probabilities().entrySet().stream()
                    .sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(top)
                    .forEach(e -> line.append(String.format(Locale.ROOT, "  %s %.3f", e.getKey(), e.getValue())));
            if (!p.familiar()) {
                line.append("  (unfamiliar: unlike the images the model was trained on)");
            }
            System.out.println(line);
        }
        return anyError ? 1 : 0;
    }
}
