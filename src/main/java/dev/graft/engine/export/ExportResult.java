package dev.graft.engine.export;

import java.nio.file.Path;
import java.util.List;

/**
 * A finished export.
 *
 * @param folder the folder written
 * @param format its format
 * @param modelFolder the model folder exported (a run's {@code model/}, or the checkpoint standing
 *     in for it)
 * @param files the files written, relative to {@code folder}
 * @param bytes their total size
 * @param modelBytes size of the main model file ({@code model.onnx}, or the parameters for DJL)
 * @param seconds how long the export took
 * @param note something the user should know (a checkpoint stood in for the model), or null
 */
public record ExportResult(Path folder, ExportFormat format, Path modelFolder, List<String> files, long bytes,
        long modelBytes, double seconds, String note) {}
