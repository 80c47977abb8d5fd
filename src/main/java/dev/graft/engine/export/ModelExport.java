package dev.graft.engine.export;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.model.ModelFiles;
import dev.graft.core.run.RunFolder;
import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.GraftVersion;
import dev.graft.engine.catalogue.FolderModel;
import dev.graft.engine.catalogue.ModelCatalogue;
import dev.graft.engine.export.onnx.BackboneLowerings;
import dev.graft.engine.export.onnx.OnnxExporter;
import dev.graft.engine.export.web.WebPage;
import dev.graft.engine.inference.CalibrationTemperature;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.net.ModelFolder;
import dev.graft.engine.onnx.OnnxGraph;
import dev.graft.engine.onnx.OnnxUnsupportedException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Exports a trained model (a run folder or a model folder) as ONNX, as a web page that runs it, or
 * as a DJL model folder. The command line and the window both call this. The target folder must be
 * new or empty; the export is written beside it and renamed into place, and the model folder is
 * only read. ONNX and web exports load the model on the CPU to read its tensors (no forward pass).
 */
public final class ModelExport {

    /** The ONNX model's file name. */
    public static final String ONNX_FILE = "model.onnx";
    /** Class names, one a line, in output order. */
    public static final String LABELS_FILE = "labels.txt";
    /** How to use the export. */
    public static final String README_FILE = "README.md";

    private ModelExport() {}

    /**
     * Exports a model.
     *
     * @param runOrModel a run folder or a Graft model folder (as {@code graft predict --run} takes)
     * @param format what to write
     * @param out the folder to create (or an empty one to fill)
     * @return what was written
     * @throws ExportException why nothing was exported; nothing was written then
     */
    public static ExportResult export(Path runOrModel, ExportFormat format, Path out) throws ExportException {
        long start = System.nanoTime();
        Path target = out.toAbsolutePath().normalize();
        ExportTarget.requireNewOrEmpty(target);
        FolderModel model;
        try {
            model = ModelCatalogue.resolveTrained(runOrModel.toString());
        } catch (IOException | MalformedModelException e) {
            throw new ExportException(e.getMessage(), true, e);
        }
        Path modelDir = model.dir().toAbsolutePath().normalize();
        if (target.startsWith(modelDir)) {
            throw new ExportException(target + " is inside the model folder " + modelDir + ", which an export"
                    + " never changes; choose a folder outside it.", true, null);
        }
        String note = standIn(runOrModel, modelDir);
        ArchitectureSpec spec = model.spec();
        if (format != ExportFormat.DJL) {
            try {
                BackboneLowerings.check(spec);
            } catch (OnnxUnsupportedException e) {
                throw new ExportException(e.getMessage(), true, e);
            }
            if (format == ExportFormat.WEB && !WebPage.runtimeAvailable()) {
                throw new ExportException("This build of Graft has no onnxruntime-web (it was built with"
                        + " -Dgraft.webRuntime.skip=true or without npm), so it cannot write the web page."
                        + " --format onnx works.", false, null);
            }
        }
        Path tmp = null;
        try {
            tmp = ExportTarget.temporaryFolder(target);
            long modelBytes = switch (format) {
                case DJL -> writeDjl(modelDir, spec, tmp);
                case ONNX -> writeOnnx(model, modelDir, tmp, false);
                case WEB -> writeOnnx(model, modelDir, tmp, true);
            };
            List<String> files = new ArrayList<>();
            long bytes = 0;
            try (Stream<Path> s = Files.walk(tmp)) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    files.add(tmp.relativize(p).toString().replace('\\', '/'));
                    bytes += Files.size(p);
                }
            }
            ExportTarget.moveIntoPlace(tmp, target);
            return new ExportResult(target, format, modelDir, List.copyOf(files), bytes, modelBytes,
                    (System.nanoTime() - start) / 1e9, note);
        } catch (MalformedModelException e) {
            throw new ExportException(e.getMessage(), true, e);
        } catch (OnnxUnsupportedException e) {
            throw new ExportException(e.getMessage(), true, e);
        } catch (IOException e) {
            throw new ExportException("Writing the export to " + target + " failed: " + e.getMessage(), false, e);
        } finally {
            ExportTarget.deleteTemporary(tmp);
        }
    }

    /** When a run has no model/ and one of its checkpoints stands in: say which. */
    private static String standIn(Path given, Path modelDir) {
        Path g = given.toAbsolutePath().normalize();
        if (modelDir.equals(g) || modelDir.equals(new RunFolder(g).model())) {
            return null;
        }
        return given + " has no model/ (the run did not finish); exported its checkpoint " + modelDir.getFileName();
    }

    private static long writeOnnx(FolderModel model, Path modelDir, Path dir, boolean web)
            throws IOException, MalformedModelException, OnnxUnsupportedException {
        ArchitectureSpec spec = model.spec();
        float temperature = CalibrationTemperature.of(modelDir);
        Map<String, String> provenance = ExportProvenance.of(modelDir, spec);
        OnnxGraph graph;
        try (LoadedNet net = model.load(Device.cpu())) {
            graph = OnnxExporter.graph(net.net(), temperature, provenance);
        }
        Path onnx = dir.resolve(ONNX_FILE);
        try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(onnx))) {
            OnnxExporter.write(graph, GraftVersion.VERSION, o);
        }
        AtomicFiles.writeString(dir.resolve(LABELS_FILE), String.join("\n", spec.classes()) + "\n");
        ExportReadme readme = new ExportReadme(spec, temperature, provenance, Files.size(onnx));
        AtomicFiles.writeString(dir.resolve(README_FILE), web ? readme.web() : readme.onnx());
        if (web) {
            WebPage.write(dir, spec, ONNX_FILE);
        }
        copyWeightsLicence(modelDir, dir);
        return Files.size(onnx);
    }

    private static long writeDjl(Path modelDir, ArchitectureSpec spec, Path dir)
            throws IOException, MalformedModelException {
        // the folder must be a valid, intact model before anyone deploys it
        ModelFolder.checkSynset(modelDir, spec);
        ModelFolder.verifyChecksums(modelDir, ModelExporter.CHECKSUMS);
        try (Stream<Path> s = Files.list(modelDir)) {
            for (Path f : s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    && !AtomicFiles.isTemporary(p.getFileName().toString())).sorted().toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        if (!Files.isRegularFile(dir.resolve(ModelFiles.SERVING))) {
            // folders Graft wrote always have it; write it for any that lack it
            AtomicFiles.writeString(dir.resolve(ModelFiles.SERVING), dev.graft.engine.net.ModelFolderWriter.servingProperties(spec));
        }
        if (!Files.exists(dir.resolve(README_FILE))) {
            AtomicFiles.writeString(dir.resolve(README_FILE), new ExportReadme(spec, 1f, Map.of(), 0).djl());
        }
        return Files.size(dir.resolve(ModelFiles.PARAMS));
    }

    private static void copyWeightsLicence(Path modelDir, Path dir) throws IOException {
        Path licence = modelDir.resolve("LICENSE-weights.txt");
        if (Files.isRegularFile(licence, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.writeString(dir.resolve(licence.getFileName()), Files.readString(licence, StandardCharsets.UTF_8));
        }
    }
}
