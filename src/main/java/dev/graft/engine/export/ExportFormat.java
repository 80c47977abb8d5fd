package dev.graft.engine.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What {@link ModelExport} can write. */
public enum ExportFormat {
    /** {@code model.onnx}, {@code labels.txt}, {@code README.md}: for any ONNX runtime. */
    ONNX("onnx", "ONNX model"),
    /** The ONNX model with a page that runs it in the browser (onnxruntime-web vendored). */
    WEB("web", "Web page"),
    /** Graft's model folder, which DJL's {@code Criteria} and DJL Serving load (PyTorch engine). */
    DJL("djl", "DJL model folder");

    private final String id;
    private final String label;

    ExportFormat(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** @return the name used on the command line */
    public String id() {
        return id;
    }

    /** @return a name for people */
    public String label() {
        return label;
    }

    /**
     * Finds a format by its command-line name.
     *
     * @param id e.g. {@code onnx} (case ignored)
     * @return the format, if there is one of that name
     */
    public static Optional<ExportFormat> parse(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id == null ? null : id.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    /** @return every command-line name, separated by {@code |} */
    public static String ids() {
        return Arrays.stream(values()).map(ExportFormat::id).collect(Collectors.joining("|"));
    }
}
