package dev.graft.engine.process;

import dev.graft.core.run.RunLocations;
import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The app's engine setting, kept in Graft's data folder as {@code engine.json}: which libtorch
 * the next training process loads. The window's Engine panel and {@code graft engine --use} write
 * it; every training process (window and {@code graft train}) reads it when it starts.
 */
public final class EngineSettings {

    /** File name in the data folder. */
    public static final String FILE = "engine.json";

    private EngineSettings() {}

    /** @return the settings file */
    public static Path file() {
        return RunLocations.dataHome().resolve(FILE);
    }

    /**
     * Reads the setting.
     *
     * @return the setting; the default when none was saved or the file is unreadable
     */
    public static NativeLibrary load() {
        Path f = file();
        if (!Files.isRegularFile(f)) {
            return NativeLibrary.DEFAULT;
        }
        try {
            NativeLibrary n = Json.COMPACT.fromJson(Files.readString(f), NativeLibrary.class);
            return n == null ? NativeLibrary.DEFAULT : new NativeLibrary(n.mode(), n.libraryPath(), n.flavor());
        } catch (IOException | RuntimeException e) {
            return NativeLibrary.DEFAULT;
        }
    }

    /**
     * Saves the setting (atomically).
     *
     * @param natives the setting
     * @throws IOException if it cannot be written
     */
    public static void save(NativeLibrary natives) throws IOException {
        Files.createDirectories(file().getParent());
        AtomicFiles.writeString(file(), Json.PRETTY.toJson(natives));
    }
}
