package dev.graft.engine.export.web;

import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import dev.graft.engine.export.onnx.OnnxExporter;
import dev.graft.engine.image.ImageDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The page of a web export: {@code index.html} (drop an image, see the top classes; Graft's
 * preprocessing in JavaScript) beside the ONNX model and onnxruntime-web's browser runtime, which
 * the build vendors into Graft's classes (see {@code src/build/VendorOnnxRuntimeWeb.java}), so the
 * export needs no network.
 */
public final class WebPage {

    /** The version of onnxruntime-web the build vendors (pom.xml {@code onnxruntime.web.version}). */
    public static final String ORT_VERSION = "1.20.1";
    /** The runtime's files, copied beside the page. */
    public static final List<String> RUNTIME_FILES = List.of("ort.wasm.min.js", "ort-wasm-simd-threaded.mjs",
            "ort-wasm-simd-threaded.wasm");
    /** The page. */
    public static final String PAGE = "index.html";
    private static final String RESOURCES = "/dev/graft/engine/export/web/";

    private WebPage() {}

    /** @return whether this build of Graft carries the browser runtime */
    public static boolean runtimeAvailable() {
        return RUNTIME_FILES.stream().allMatch(f -> WebPage.class.getResource(RESOURCES + "ort/" + f) != null);
    }

    /**
     * Writes the page and the runtime into a folder that already holds the ONNX model.
     *
     * @param dir the export folder
     * @param spec the model's architecture
     * @param onnxFile the model's file name in {@code dir}
     * @throws IOException if a file cannot be written or the runtime is missing from the build
     */
    public static void write(Path dir, ArchitectureSpec spec, String onnxFile) throws IOException {
        for (String f : RUNTIME_FILES) {
            try (InputStream in = resource("ort/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        AtomicFiles.writeString(dir.resolve("LICENSE-onnxruntime-web.txt"), text("LICENSE-onnxruntime-web.txt"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model", onnxFile);
        config.put("input", OnnxExporter.INPUT);
        config.put("output", OnnxExporter.OUTPUT);
        config.put("imageSize", spec.imageSize());
        config.put("background", String.format(Locale.ROOT, "#%06X", ImageDecoder.BACKGROUND));
        config.put("labels", spec.classes());
        // "<" escaped so no class name can end the script element the JSON sits in
        String json = Json.COMPACT.toJson(config).replace("<", "\\u003c");
        String page = text(PAGE).replace("{{CONFIG}}", json).replace("{{TITLE}}", html(title(spec)));
        AtomicFiles.writeString(dir.resolve(PAGE), page);
    }

    /**
     * The page's title.
     *
     * @param spec the model's architecture
     * @return e.g. "Classifier: animal, food, weather"
     */
    public static String title(ArchitectureSpec spec) {
        List<String> c = spec.classes();
        String names = String.join(", ", c.subList(0, Math.min(4, c.size()))) + (c.size() > 4 ? ", …" : "");
        return "Image classifier: " + names;
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = WebPage.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new IOException("this build of Graft lacks " + name + " (built without the web runtime)");
        }
        return in;
    }

    private static String text(String name) throws IOException {
        try (InputStream in = resource(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
