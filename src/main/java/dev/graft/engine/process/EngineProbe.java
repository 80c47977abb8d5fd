package dev.graft.engine.process;

import dev.graft.core.util.Json;
import dev.graft.engine.EngineReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Asks a child JVM, started with the class path and environment a training process would get
 * for a {@link NativeLibrary} setting, what engine it loads ({@code graft engine --json --here}).
 * That is the only honest way to tell whether a libtorch flavour works: a JVM loads one libtorch
 * for its lifetime, and the window's own is the bundled one.
 */
public final class EngineProbe {

    private static final List<String> FORWARDED = List.of("graft.dataHome", "ENGINE_CACHE_DIR", "DJL_CACHE_DIR",
            "PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR", "ai.djl.offline");

    private EngineProbe() {}

    /**
     * The child's command line.
     *
     * @param natives the setting
     * @return the command
     */
    public static List<String> command(NativeLibrary natives) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String key : FORWARDED) {
            if (System.getProperty(key) != null) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        if (natives.downloadsNatives()) {
            cmd.add("-Dai.djl.offline=false");
        }
        cmd.add("-cp");
        cmd.add(natives.classPath(System.getProperty("java.class.path")));
        cmd.add("dev.graft.cli.GraftCli");
        cmd.addAll(List.of("engine", "--json", "--here"));
        return cmd;
    }

    /**
     * Runs the probe.
     *
     * @param natives the setting
     * @param timeoutSeconds how long to wait (a first CUDA download takes minutes)
     * @return the child's report; a report with {@code loaded=false} when it failed to answer
     * @throws InterruptedException if interrupted (the child is then killed)
     */
    public static EngineReport run(NativeLibrary natives, long timeoutSeconds) throws InterruptedException {
        String problem = natives.problem();
        if (problem != null) {
            return failed(problem, "Choose the folder that holds libtorch.so.");
        }
        ProcessBuilder pb = new ProcessBuilder(command(natives));
        pb.environment().putAll(natives.environment());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return failed("cannot start a Java process: " + e.getMessage(), null);
        }
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return failed("the engine did not answer within " + timeoutSeconds + " s", null);
            }
            String text = new String(out, StandardCharsets.UTF_8).trim();
            int start = text.indexOf('{');
            if (start < 0) {
                return failed("the engine process exited with code " + p.exitValue() + " without a report"
                        + " (it may have crashed while loading libtorch)", null);
            }
            return Json.COMPACT.fromJson(text.substring(start), EngineReport.class);
        } catch (IOException | RuntimeException e) {
            return failed("could not read the engine report: " + e.getMessage(), null);
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    private static EngineReport failed(String error, String hint) {
        return new EngineReport(false, error, hint, "PyTorch", null, null, null, null, List.of(), null, List.of(),
                Map.of(), List.of(EngineReport.MIXED_PRECISION));
    }
}
