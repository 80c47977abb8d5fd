package dev.graft.engine.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which libtorch a training process loads: the app setting behind the Engine panel and
 * {@code graft engine --use}. The training runs in a child JVM, so a flavour is just a different
 * class path and environment for the next child.
 *
 * @param mode {@link #BUNDLED} (whatever the app was built with: the CPU jar, or nothing with
 *     {@code -Pcuda}), {@link #CUDA_DOWNLOAD} (the child runs without the CPU natives jar, so DJL
 *     0.36 downloads the CUDA build of libtorch 2.7.1 that matches the driver on first start) or
 *     {@link #INSTALLED} (a libtorch 2.7.1 on disk, through {@code PYTORCH_LIBRARY_PATH})
 * @param libraryPath for {@code installed}: the folder holding {@code libtorch.so}
 * @param flavor for {@code installed}: {@code cu128}, {@code cpu}, … (DJL picks the JNI by it)
 */
public record NativeLibrary(String mode, String libraryPath, String flavor) {

    /** The natives the app was built with. */
    public static final String BUNDLED = "bundled";
    /** DJL downloads the CUDA build on first start. */
    public static final String CUDA_DOWNLOAD = "cuda-download";
    /** A libtorch installed on this machine. */
    public static final String INSTALLED = "installed";
    /** The only libtorch version DJL 0.36's JNI works with. */
    public static final String LIBTORCH_VERSION = "2.7.1";

    /** The default: what the app ships. */
    public static final NativeLibrary DEFAULT = new NativeLibrary(BUNDLED, null, null);

    /** Checks the combination. */
    public NativeLibrary {
        mode = mode == null ? BUNDLED : mode.trim().toLowerCase(Locale.ROOT);
        if (!List.of(BUNDLED, CUDA_DOWNLOAD, INSTALLED).contains(mode)) {
            throw new IllegalArgumentException("libtorch must be bundled, cuda-download or installed, not '" + mode
                    + "'");
        }
        if (mode.equals(INSTALLED)) {
            if (libraryPath == null || libraryPath.isBlank()) {
                throw new IllegalArgumentException("an installed libtorch needs the folder that holds libtorch.so"
                        + " (PYTORCH_LIBRARY_PATH)");
            }
            flavor = flavor == null || flavor.isBlank() ? "cu128" : flavor.trim();
            if (!flavor.matches("cpu|cu\\d{3}(-precxx11)?|cpu-precxx11")) {
                throw new IllegalArgumentException("flavour must be like cu128 or cpu, not '" + flavor + "'");
            }
        }
    }

    /**
     * Problems a user can fix before starting a run (the folder does not hold libtorch).
     *
     * @return the problem, or null
     */
    public String problem() {
        if (!mode.equals(INSTALLED)) {
            return null;
        }
        Path dir = Path.of(libraryPath);
        String lib = System.getProperty("os.name", "").startsWith("Windows") ? "torch.dll"
                : System.getProperty("os.name", "").startsWith("Mac") ? "libtorch.dylib" : "libtorch.so";
        if (!Files.isRegularFile(dir.resolve(lib))) {
            return dir + " holds no " + lib + ": point it at the lib folder of a libtorch " + LIBTORCH_VERSION
                    + " (e.g. libtorch/lib from the PyTorch 2.7.1 C++ download)";
        }
        return null;
    }

    /** @return environment variables for the child (DJL reads them before system properties) */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        if (mode.equals(INSTALLED)) {
            env.put("PYTORCH_LIBRARY_PATH", libraryPath);
            env.put("PYTORCH_VERSION", LIBTORCH_VERSION);
            env.put("PYTORCH_FLAVOR", flavor);
        }
        return env;
    }

    /** @return true when the child may download natives (DJL's offline mode must then be off) */
    public boolean downloadsNatives() {
        return mode.equals(CUDA_DOWNLOAD);
    }

    /**
     * The child's class path: for {@code cuda-download} without the CPU natives jar (with it on
     * the class path DJL never downloads).
     *
     * @param classPath this JVM's class path
     * @return the child's
     */
    public String classPath(String classPath) {
        if (!downloadsNatives()) {
            return classPath;
        }
        List<String> kept = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName() == null ? entry : Path.of(entry).getFileName().toString();
            if (!name.startsWith("pytorch-native-cpu")) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    /** @return a label for the UI and the engine report */
    public String describe() {
        return switch (mode) {
            case CUDA_DOWNLOAD -> "CUDA libtorch " + LIBTORCH_VERSION + " downloaded by DJL on first start";
            case INSTALLED -> "installed libtorch " + LIBTORCH_VERSION + " (" + flavor + ") in " + libraryPath;
            default -> "the libtorch the app was built with";
        };
    }
}
