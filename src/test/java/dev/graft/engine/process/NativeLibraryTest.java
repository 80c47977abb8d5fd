package dev.graft.engine.process;

import dev.graft.core.run.Recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.run.RunClaim;
import dev.graft.engine.EngineReport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The libtorch setting of training processes: class path and environment of the child, and a
 * child JVM that really loads a libtorch through PYTORCH_LIBRARY_PATH (the CPU build is the only
 * one here; a CUDA build goes the same way with PYTORCH_FLAVOR=cu128).
 */
class NativeLibraryTest {

    @TempDir
    Path tmp;

    @Test
    void cudaDownloadDropsTheCpuNativesAndAllowsDjlToDownload() throws Exception {
        NativeLibrary cuda = new NativeLibrary("cuda-download", null, null);
        String cp = String.join(File.pathSeparator, "/x/graft.jar", "/m2/pytorch-native-cpu-2.7.1-linux-x86_64.jar",
                "/m2/pytorch-jni-2.7.1-0.36.0.jar");
        assertEquals(String.join(File.pathSeparator, "/x/graft.jar", "/m2/pytorch-jni-2.7.1-0.36.0.jar"),
                cuda.classPath(cp), "with the CPU jar present DJL never downloads; the cu128 JNI is in pytorch-jni");
        assertEquals(cp, NativeLibrary.DEFAULT.classPath(cp));

        try (RunClaim claim = RunClaim.claim(tmp.resolve("run"), "test")) {
            List<String> cmd = new TrainingProcess(Recipe.builder("d").build(), claim, false, List.of(), cuda).command();
            int offline = cmd.lastIndexOf("-Dai.djl.offline=false");
            assertTrue(offline > 0 && offline > cmd.lastIndexOf("-Dai.djl.offline=true"), "last -D wins: " + cmd);
            String childCp = cmd.get(cmd.indexOf("-cp") + 1);
            assertFalse(childCp.contains("pytorch-native-cpu"), childCp);
            assertTrue(System.getProperty("java.class.path").contains("pytorch-native-cpu"), "the tests' own has it");

            List<String> bundled = new TrainingProcess(Recipe.builder("d").build(), claim, false, List.of(),
                    NativeLibrary.DEFAULT).command();
            assertTrue(bundled.get(bundled.indexOf("-cp") + 1).contains("pytorch-native-cpu"));
        }
    }

    @Test
    void anInstalledLibtorchIsCheckedAndPassedAsEnvironment() {
        assertThrows(IllegalArgumentException.class, () -> new NativeLibrary("installed", null, null));
        assertThrows(IllegalArgumentException.class, () -> new NativeLibrary("installed", "/x", "cuda 12"));
        assertThrows(IllegalArgumentException.class, () -> new NativeLibrary("rocm", null, null));
        NativeLibrary n = new NativeLibrary("installed", tmp.toString(), null);
        assertEquals("cu128", n.flavor());
        assertEquals("2.7.1", n.environment().get("PYTORCH_VERSION"));
        assertEquals(tmp.toString(), n.environment().get("PYTORCH_LIBRARY_PATH"));
        assertTrue(n.problem().contains("holds no libtorch.so"), n.problem());
    }

    @Test
    void aChildJvmLoadsTheLibtorchNamedByPytorchLibraryPath() throws Exception {
        // a libtorch "installed" elsewhere: links to the CPU build DJL unpacked for the tests
        Path real = Path.of(EngineReport.collect().libraryPath());
        Path installed = Files.createDirectories(tmp.resolve("libtorch-2.7.1/lib"));
        try (Stream<Path> files = Files.list(real)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.createSymbolicLink(installed.resolve(f.getFileName()), f);
            }
        }
        EngineReport report = EngineProbe.run(new NativeLibrary("installed", installed.toString(), "cpu"), 120);
        assertTrue(report.loaded(), report.error());
        assertEquals(installed.toString(), report.libraryPath(), "the child loaded the named libtorch");
        assertEquals("2.7.1", report.version());
        assertEquals("cpu", report.flavour());
        assertEquals(installed.toString(), report.environment().get("PYTORCH_LIBRARY_PATH"));
        assertEquals(0, report.gpus().size());
        assertNotNull(report.notes().stream().filter(s -> s.contains("Mixed precision")).findFirst().orElse(null));

        EngineReport missing = EngineProbe.run(new NativeLibrary("installed", tmp.toString(), "cu128"), 60);
        assertFalse(missing.loaded());
        assertTrue(missing.error().contains("holds no libtorch.so"), missing.error());
    }
}
