package dev.graft.ui.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.prefs.Preferences;

/**
 * Window size and the last dataset folder, remembered between starts (Java preferences).
 *
 * @param width window width
 * @param height window height
 * @param lastFolder last dataset folder, or null
 */
public record WindowSettings(double width, double height, Path lastFolder) {

    private static final Preferences PREFS = Preferences.userRoot().node("dev/graft/workbench");

    /** Set to true (tests) to neither read nor write the user's preferences. */
    private static final boolean DISABLED = Boolean.getBoolean("graft.noPrefs");

    /** @return the remembered settings, or defaults */
    public static WindowSettings load() {
        if (DISABLED) {
            return new WindowSettings(1320, 860, null);
        }
        String folder = PREFS.get("lastFolder", null);
        Path last = folder == null ? null : Path.of(folder);
        if (last != null && !Files.isDirectory(last)) {
            last = null;
        }
        return new WindowSettings(PREFS.getDouble("width", 1320), PREFS.getDouble("height", 860), last);
    }

    /**
     * Remembers settings.
     *
     * @param s the settings
     */
    public static void save(WindowSettings s) {
        if (DISABLED) {
            return;
        }
        PREFS.putDouble("width", s.width());
        PREFS.putDouble("height", s.height());
        if (s.lastFolder() != null) {
            PREFS.put("lastFolder", s.lastFolder().toAbsolutePath().toString());
        }
    }
}
