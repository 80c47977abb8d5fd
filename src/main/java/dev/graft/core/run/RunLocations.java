package dev.graft.core.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where runs live: in the user's data folder (never the current folder, never a dataset), one
 * sub-folder per dataset. Linux: {@code $XDG_DATA_HOME/graft} (default
 * {@code ~/.local/share/graft}); macOS: {@code ~/Library/Application Support/Graft}; Windows:
 * {@code %LOCALAPPDATA%\Graft}. {@code GRAFT_DATA_HOME} (environment) or {@code -Dgraft.dataHome}
 * overrides it (tests, portable installs).
 */
public final class RunLocations {

    /** System property overriding the data folder. */
    public static final String DATA_HOME_PROPERTY = "graft.dataHome";
    /** Environment variable overriding the data folder. */
    public static final String DATA_HOME_ENV = "GRAFT_DATA_HOME";

    private RunLocations() {}

    /** @return Graft's folder for user data (runs, journals), not necessarily existing yet */
    public static Path dataHome() {
        return userFolder(DATA_HOME_PROPERTY, DATA_HOME_ENV, "LOCALAPPDATA", Path.of("AppData", "Local"),
                "XDG_DATA_HOME", Path.of(".local", "share"));
    }

    /** System property overriding the settings folder. */
    public static final String CONFIG_HOME_PROPERTY = "graft.configHome";
    /** Environment variable overriding the settings folder. */
    public static final String CONFIG_HOME_ENV = "GRAFT_CONFIG_HOME";

    /**
     * Graft's folder for settings (the window's state), not necessarily existing yet. Linux: {@code
     * $XDG_CONFIG_HOME/graft} (default {@code ~/.config/graft}); macOS: the data folder; Windows:
     * {@code %APPDATA%\Graft}. {@code GRAFT_CONFIG_HOME} or {@code -Dgraft.configHome} override it.
     *
     * @return the folder
     */
    public static Path configHome() {
        return userFolder(CONFIG_HOME_PROPERTY, CONFIG_HOME_ENV, "APPDATA", Path.of("AppData", "Roaming"),
                "XDG_CONFIG_HOME", Path.of(".config"));
    }

    /**
     * One of Graft's folders in the user's home, by each platform's convention; macOS keeps data and
     * settings in one folder.
     */
    private static Path userFolder(String property, String env, String windowsVar, Path windowsDefault,
            String xdgVar, Path xdgDefault) {
        String override = System.getProperty(property);
        if (override == null || override.isBlank()) {
            override = System.getenv(env);
        }
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String base = System.getenv(windowsVar);
            return (base != null ? Path.of(base) : home.resolve(windowsDefault)).resolve("Graft");
        }
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve("Graft");
        }
        String xdg = System.getenv(xdgVar);
        return (xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(xdgDefault)).resolve("graft");
    }

    /** @return the folder holding every dataset's runs */
    public static Path runsRoot() {
        return dataHome().resolve("runs");
    }

    /**
     * The folder of one dataset's runs: its name plus a short hash of its location, so two
     * datasets both called "photos" do not mix.
     *
     * @param dataset the dataset folder
     * @return {@code runs/<name>-<hash>}
     */
    public static Path runsOf(Path dataset) {
        Path abs = canonical(dataset);
        String name = abs.getFileName() == null ? "dataset" : abs.getFileName().toString();
        return runsRoot().resolve(RunNames.slug(name) + "-" + shortHash(abs.toString()));
    }

    /**
     * Refuses a run folder inside the dataset (its files would become a class) or a dataset
     * inside the run folder.
     *
     * @param runDir the run folder (need not exist)
     * @param dataset the dataset folder
     * @throws RunFolderException naming both
     */
    public static void requireOutsideDataset(Path runDir, Path dataset) throws RunFolderException {
        Path run = canonical(runDir);
        Path data = canonical(dataset);
        if (run.startsWith(data)) {
            throw new RunFolderException("The run folder " + runDir + " is inside the dataset " + dataset
                    + ": Graft never writes into a dataset (its run files would be read as a class)."
                    + " Leave out --out to use " + runsOf(dataset) + ", or choose a folder outside the dataset.");
        }
        if (data.startsWith(run)) {
            throw new RunFolderException("The dataset " + dataset + " is inside the run folder " + runDir
                    + ": choose a run folder outside the dataset.");
        }
    }

    /**
     * A path's canonical form: symbolic links of its existing part resolved, the rest appended.
     *
     * @param p a path that may not exist yet
     * @return an absolute, normalised path
     */
    public static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }

    private static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
