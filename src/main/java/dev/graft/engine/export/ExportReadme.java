package dev.graft.engine.export;

import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.util.GraftVersion;
import dev.graft.engine.export.onnx.OnnxExporter;
import dev.graft.engine.export.web.WebPage;
import dev.graft.engine.image.ImageDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** The README.md of an export, filled in from templates beside this class's resources. */
final class ExportReadme {

    private final ArchitectureSpec spec;
    private final float temperature;
    private final Map<String, String> provenance;
    private final long onnxBytes;

    ExportReadme(ArchitectureSpec spec, float temperature, Map<String, String> provenance, long onnxBytes) {
        this.spec = spec;
        this.temperature = temperature;
        this.provenance = provenance;
        this.onnxBytes = onnxBytes;
    }

    String onnx() {
        return fill(template("README-onnx.md"));
    }

    String web() {
        return fill(template("README-web.md"));
    }

    String djl() {
        return fill(template("README-djl.md"));
    }

    private String fill(String text) {
        String background = String.format(Locale.ROOT, "#%06X", ImageDecoder.BACKGROUND);
        StringBuilder classes = new StringBuilder();
        for (int i = 0; i < spec.classes().size(); i++) {
            classes.append(i == 0 ? "" : "\n").append("- ").append(i).append(": `").append(spec.classes().get(i))
                    .append('`');
        }
        String normalisation = spec.std() == null ? "no further normalisation (the network takes 0–1)"
                : spec.mean() == null ? "division by " + Arrays.toString(spec.std())
                        + " (the network takes pixel values 0–255)"
                : "normalisation by mean " + Arrays.toString(spec.mean()) + " and standard deviation "
                        + Arrays.toString(spec.std());
        String run = provenance.getOrDefault("graft_run_name", "") + " (id "
                + provenance.getOrDefault("graft_run_id", "unknown") + ")";
        String licence = provenance.containsKey("graft_base_model") && spec.baseModel() != null
                && spec.baseModel().startsWith("nsfwjs")
                ? "\n## Licence\n\nThe weights derive from the MobileNetV2 of the npm package nsfwjs (MIT): see"
                        + " `LICENSE-weights.txt`.\n" : "";
        return text.replace("{{PREPROCESSING}}", template("README-preprocessing.md").trim())
                .replace("{{TITLE}}", WebPage.title(spec))
                .replace("{{VERSION}}", GraftVersion.VERSION)
                .replace("{{RUN}}", run.trim())
                .replace("{{OPSET}}", Integer.toString(OnnxExporter.OPSET))
                .replace("{{ONNX_MB}}", String.format(Locale.ROOT, "%.1f MB", onnxBytes / 1e6))
                .replace("{{ORT_VERSION}}", WebPage.ORT_VERSION)
                .replace("{{SIZE}}", Integer.toString(spec.imageSize()))
                .replace("{{CLASSES_COUNT}}", Integer.toString(spec.classes().size()))
                .replace("{{CLASSES_LIST}}", classes)
                .replace("{{BACKGROUND_HEX}}", String.format(Locale.ROOT, "0x%06X", ImageDecoder.BACKGROUND))
                .replace("{{BACKGROUND}}", background)
                .replace("{{NORMALISATION}}", normalisation)
                .replace("{{TEMPERATURE}}", temperature == 1f ? "1, i.e. none" : Float.toString(temperature))
                .replace("{{LICENCE}}", licence);
    }

    private static String template(String name) {
        try (InputStream in = ExportReadme.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
