package dev.graft.engine.export.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.engine.catalogue.FolderModel;
import dev.graft.engine.export.ExportFormat;
import dev.graft.engine.export.ModelExport;
import dev.graft.engine.inference.Inference;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.train.TrainingRuns;
import dev.graft.testing.TestData;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web export: a self-contained folder that Graft's own server serves correctly, and whose page,
 * in a real headless Chromium, classifies images with the same top class as {@code graft predict}.
 */
class WebExportTest {

    /** Debian's package; override with -Dgraft.chromium=PATH. */
    static final Path CHROMIUM = Path.of(System.getProperty("graft.chromium", "/usr/bin/chromium"));

    @TempDir
    static Path shared;
    static Path run;
    static Path export;

    @BeforeAll
    static void trainAndExport() throws Exception {
        assumeTrue(WebPage.runtimeAvailable(), "this build has no onnxruntime-web (built with"
                + " -Dgraft.webRuntime.skip=true); the web export cannot be tested");
        Path data = TestData.emojiSubset(shared.resolve("data"), 6, "animal", "food", "weather");
        run = shared.resolve("run");
        TrainingRuns.train(TrainingRuns.quick(data).build(), run);
        export = shared.resolve("web");
        ModelExport.export(run, ExportFormat.WEB, export);
    }

    @Test
    void theFolderHoldsThePageTheModelAndTheRuntime() throws Exception {
        List<String> names;
        try (Stream<Path> s = Files.list(export)) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of("LICENSE-onnxruntime-web.txt", "LICENSE-weights.txt", "README.md", "index.html",
                "labels.txt", "model.onnx", "ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm",
                "ort.wasm.min.js"), names);
        String page = Files.readString(export.resolve("index.html"));
        assertTrue(page.contains("\"labels\":[\"animal\",\"food\",\"weather\"]") && page.contains("\"imageSize\":64")
                && page.contains("\"background\":\"#FFFFFF\""), "the model's facts are in the page");
        assertTrue(Files.readString(export.resolve("README.md")).contains("python3 -m http.server"));
    }

    @Test
    void graftsServerServesTheFilesAndNothingOutsideTheFolder() throws Exception {
        Files.writeString(shared.resolve("secret.txt"), "outside");
        HttpClient http = HttpClient.newHttpClient();
        try (StaticFileServer server = StaticFileServer.start(export, "127.0.0.1", 0)) {
            HttpResponse<byte[]> wasm = http.send(HttpRequest.newBuilder(server.uri().resolve(
                    "ort-wasm-simd-threaded.wasm")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, wasm.statusCode());
            assertEquals("application/wasm", wasm.headers().firstValue("Content-Type").orElse(""));
            assertEquals(Files.size(export.resolve("ort-wasm-simd-threaded.wasm")), wasm.body().length);
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(server.uri()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Drop images here"));
            for (String path : List.of("../secret.txt", "%2e%2e/secret.txt", "..%2fsecret.txt", "nothing.txt")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.uri() + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(404, r.statusCode(), path);
            }
        }
    }

    @Test
    void theBrowserPageGivesGraftsTopClass() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM + " (Debian: apt-get install"
                + " chromium); the web page was not run in a browser");
        // images the page must prepare as Graft does: transparent 64 px emoji (as they are), RGB
        // photos-like 224 px ones (halved, then resized) and a wide transparent one (centre square)
        // a copy of the export with the test's images beside it (the export itself stays as written)
        Path site = shared.resolve("site");
        try (Stream<Path> s = Files.list(export)) {
            Files.createDirectories(site);
            for (Path f : s.toList()) {
                Files.copy(f, site.resolve(f.getFileName()));
            }
        }
        Path images = Files.createDirectories(site.resolve("test-images"));
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Path.of("datasets-sample", "emoji-unseen"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".png")).sorted().limit(4).toList()) {
                files.add(Files.copy(p, images.resolve(p.getFileName())));
            }
        }
        for (String name : List.of("apple-224.png", "bear-224.png")) {
            try (var in = WebExportTest.class.getResourceAsStream("/dev/graft/reference/" + name)) {
                Path f = images.resolve(name);
                Files.copy(in, f);
                files.add(f);
            }
        }
        BufferedImage emoji = ImageIO.read(files.get(0).toFile());
        BufferedImage wide = new BufferedImage(150, 90, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = wide.createGraphics();
        g.drawImage(emoji, 40, 5, 80, 80, null);
        g.dispose();
        Path widePng = images.resolve("wide-transparent.png");
        ImageIO.write(wide, "png", widePng.toFile());
        files.add(widePng);

        List<Inference.Result> graft;
        try (LoadedNet net = new FolderModel(run.resolve("model")).load(Device.cpu())) {
            graft = new Inference(net, dev.graft.engine.inference.ModelCalibration.of(run.resolve("model")))
                    .run(files, 8);
        }
        JsonObject report = runPage(site, files.stream().map(f -> "test-images/" + f.getFileName()).toList());
        assertNull(report.get("error"), () -> "the page failed: " + report.get("error"));
        assertEquals(1, report.get("threads").getAsInt(), "one thread without cross-origin isolation");
        JsonArray results = report.getAsJsonArray("results");
        assertEquals(files.size(), results.size());
        List<String> labels = List.of("animal", "food", "weather");
        double maxDiff = 0;
        for (int i = 0; i < files.size(); i++) {
            JsonObject r = results.get(i).getAsJsonObject();
            float[] expected = graft.get(i).probabilities();
            int best = 0;
            for (int k = 1; k < expected.length; k++) {
                best = expected[k] > expected[best] ? k : best;
            }
            assertEquals(labels.get(best), r.get("label").getAsString(), files.get(i).getFileName().toString());
            JsonArray p = r.getAsJsonArray("probabilities");
            for (int k = 0; k < expected.length; k++) {
                maxDiff = Math.max(maxDiff, Math.abs(p.get(k).getAsDouble() - expected[k]));
            }
        }
        System.out.printf(Locale.ROOT, "Chromium page vs graft predict, %d images: same top class, max |dp| = %.2e%n",
                files.size(), maxDiff);
    }

    /** Serves the export, opens its test mode in headless Chromium and waits for the page's report. */
    private static JsonObject runPage(Path site, List<String> urls) throws Exception {
        CompletableFuture<String> reported = new CompletableFuture<>();
        Path profile = Files.createTempDirectory(shared, "chromium-profile");
        Path log = shared.resolve("chromium.log");
        try (StaticFileServer server = StaticFileServer.start(site, "127.0.0.1", 0)) {
            server.handle("/report", x -> {
                try (x) {
                    reported.complete(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    x.sendResponseHeaders(204, -1);
                }
            });
            String page = server.uri() + "index.html?report=/report&test=" + String.join(",", urls);
            Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile, page)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                // the page reports when done (or failed); a browser that dies ends the wait too
                chromium.onExit().thenRun(() -> reported.completeExceptionally(new AssertionError(
                        "Chromium exited with " + chromium.exitValue() + ": " + tail(log))));
                JsonElement body = JsonParser.parseString(reported.get(5, TimeUnit.MINUTES));
                return body.getAsJsonObject();
            } finally {
                chromium.descendants().forEach(ProcessHandle::destroy);
                chromium.destroy();
                if (!chromium.waitFor(30, TimeUnit.SECONDS)) {
                    chromium.destroyForcibly();
                }
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (Exception e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
