package dev.graft.cli;

import dev.graft.core.util.Json;
import dev.graft.engine.export.ExportException;
import dev.graft.engine.export.ExportFormat;
import dev.graft.engine.export.ExportResult;
import dev.graft.engine.export.ModelExport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code graft export}: a run's model as ONNX, as a web page, or as a DJL model folder. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a run's model where people deploy it.",
            "onnx: model.onnx (image [N,3,S,S] RGB 0-1 in, probabilities out), labels.txt, README.md.",
            "web:  the ONNX model with a page that runs it in the browser (serve it with `graft serve DIR`).",
            "djl:  the model folder DJL's Criteria and DJL Serving load (PyTorch engine, needs Graft's jar)."})
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, description = "run folder (or model folder)")
    Path run;

    @Option(names = "--format", required = true, description = "onnx, web or djl")
    String format;

    @Option(names = "--out", required = true, description = "folder to create; it must not exist or be empty")
    Path out;

    @Option(names = "--json", description = "print what was written as JSON")
    boolean json;

    @Override
    public Integer call() {
        ExportFormat f = ExportFormat.parse(format).orElse(null);
        if (f == null) {
            System.err.println("graft: unknown --format '" + format + "'; choose one of " + ExportFormat.ids());
            return 2;
        }
        ExportResult r;
        try {
            r = ModelExport.export(run, f, out);
        } catch (ExportException e) {
            System.err.println("graft: " + e.getMessage());
            return e.badInput() ? 2 : 1;
        }
        if (r.note() != null) {
            System.err.println("graft: " + r.note());
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("folder", r.folder().toString());
            o.put("format", r.format().id());
            o.put("modelFolder", r.modelFolder().toString());
            o.put("files", r.files());
            o.put("bytes", r.bytes());
            o.put("modelBytes", r.modelBytes());
            o.put("seconds", r.seconds());
            o.put("note", r.note());
            System.out.println(Json.PORTABLE.toJson(o));
            return 0;
        }
        System.out.printf(Locale.ROOT, "exported %s (%s, %.1f MB in %d files, %.1f s) to %s%n", r.modelFolder(),
                r.format().label(), r.bytes() / 1e6, r.files().size(), r.seconds(), r.folder());
        switch (r.format()) {
            case WEB -> System.out.println("open it: graft serve " + r.folder() + "   (then the address it prints)");
            case ONNX -> System.out.println("how to feed it: " + r.folder().resolve(ModelExport.README_FILE));
            case DJL -> System.out.println("load it with DJL: " + r.folder().resolve(ModelExport.README_FILE));
        }
        return 0;
    }
}
