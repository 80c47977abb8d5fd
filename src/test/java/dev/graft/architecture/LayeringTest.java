package dev.graft.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering the design promises, checked on the sources: {@code core} knows no DJL, JavaFX or
 * other Graft layer; {@code engine} knows neither the command line nor the window; the command
 * line does not know the window; the window uses the engine only through its public faces
 * (catalogue, dataset scanning, sample datasets, training processes, downloads, devices, the engine
 * report and model export), never DJL or engine internals.
 */
class LayeringTest {

    private static final Path MAIN = Path.of("src/main/java/dev/graft");
    private static final Pattern REFERENCE = Pattern.compile("\\b(ai\\.djl|javafx|picocli|dev\\.graft\\.\\w+)"
            + "((?:\\.\\w+)*)");

    /**
     * Every package-qualified name a source file uses in code: comments and string literals are
     * left out (the training process's command line names the CLI's main class as text: a process
     * boundary, not a code dependency).
     */
    private static List<String> references(Path file) throws IOException {
        String text = Files.readString(file).replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
        List<String> out = new ArrayList<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            out.add(m.group(1) + m.group(2));
        }
        return out;
    }

    private static List<String> violations(String layer, java.util.function.Predicate<String> forbidden)
            throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN.resolve(layer))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String ref : references(f)) {
                    if (forbidden.test(ref)) {
                        out.add(MAIN.relativize(f) + " uses " + ref);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void coreIsPureDomain() throws IOException {
        assertEquals(List.of(), violations("core", r -> r.startsWith("ai.djl") || r.startsWith("javafx")
                || r.startsWith("picocli") || r.startsWith("dev.graft.engine") || r.startsWith("dev.graft.cli")
                || r.startsWith("dev.graft.ui")));
    }

    @Test
    void theEngineKnowsNeitherCommandLineNorWindow() throws IOException {
        assertEquals(List.of(), violations("engine", r -> r.startsWith("javafx") || r.startsWith("picocli")
                || r.startsWith("dev.graft.cli") || r.startsWith("dev.graft.ui")));
    }

    @Test
    void theCommandLineDoesNotKnowTheWindow() throws IOException {
        assertEquals(List.of(), violations("cli", r -> r.startsWith("javafx") || r.startsWith("dev.graft.ui")));
    }

    @Test
    void theWindowUsesOnlyTheEnginesPublicFaces() throws IOException {
        List<String> allowed = List.of("dev.graft.engine.catalogue", "dev.graft.engine.data", "dev.graft.engine.datasets",
                "dev.graft.engine.download", "dev.graft.engine.explain", "dev.graft.engine.inference",
                "dev.graft.engine.process", "dev.graft.engine.zoo", "dev.graft.engine.Devices",
                "dev.graft.engine.EngineReport", "dev.graft.engine.export.ModelExport",
                "dev.graft.engine.export.ExportFormat", "dev.graft.engine.export.ExportResult");
        assertEquals(List.of(), violations("ui", r -> r.startsWith("ai.djl") || r.startsWith("picocli")
                || r.startsWith("dev.graft.cli")
                || r.startsWith("dev.graft.engine") && allowed.stream().noneMatch(r::startsWith)));
    }
}
