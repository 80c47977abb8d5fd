package dev.graft.ui.shell;

import com.google.gson.JsonParseException;
import dev.graft.core.run.RunLocations;
import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the window's {@link WorkbenchState}. A missing file is a first start; a damaged one
 * is put aside (renamed, not deleted) and the window starts as on a first start; a file that cannot be
 * written costs the next start its memory, never the window its work.
 */
public final class WorkbenchStateStore {

    /** The file's name in Graft's settings folder. */
    public static final String FILE = "workbench.json";

    private static final Logger LOG = LoggerFactory.getLogger(WorkbenchStateStore.class);

    private final Path file;
    private String problem;

    /**
     * A store of one file.
     *
     * @param file the file (its folder is made when it is written)
     */
    public WorkbenchStateStore(Path file) {
        this.file = file;
    }

    /** @return the store in the user's settings folder ({@link RunLocations#configHome()}) */
    public static WorkbenchStateStore user() {
        return new WorkbenchStateStore(RunLocations.configHome().resolve(FILE));
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /** @return what went wrong with the file at the last load or save, or null */
    public String problem() {
        return problem;
    }

    /** @return the remembered state, or the state of a first start */
    public WorkbenchState load() {
        problem = null;
        if (!Files.isRegularFile(file)) {
            return WorkbenchState.empty();
        }
        try {
            WorkbenchState s = Json.COMPACT.fromJson(Files.readString(file), WorkbenchState.class);
            if (s == null) {
                throw new JsonParseException("empty");
            }
            return s;
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(FILE + ".damaged-" + LocalDateTime.now().format(
                    DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                problem = "The window's settings file could not be read (" + e.getMessage() + "); it was kept as "
                        + aside.getFileName() + " and the window starts as new.";
            } catch (IOException moveFailed) {
                problem = "The window's settings file " + file + " could not be read: " + e.getMessage();
            }
            LOG.warn(problem);
            return WorkbenchState.empty();
        }
    }

    /**
     * Remembers a state (atomically: a crash leaves the old file or the new one).
     *
     * @param state the state
     */
    public void save(WorkbenchState state) {
        try {
            Files.createDirectories(file.getParent());
            AtomicFiles.writeString(file, Json.PRETTY.toJson(state));
            problem = null;
        } catch (IOException | RuntimeException e) {
            problem = "The window's settings could not be saved to " + file + ": " + e.getMessage();
            LOG.warn(problem);
        }
    }
}
