package dev.graft.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What DJL reports about the engine this process loaded: the "Engine" panel and
 * {@code graft engine}.
 *
 * @param loaded true when the PyTorch engine loaded
 * @param error why it did not load, or null
 * @param hint what to do about it, or null
 * @param engine engine name
 * @param version libtorch version
 * @param djlVersion DJL version
 * @param flavour {@code cpu}, {@code cu128}, … (from the libtorch DJL loaded)
 * @param libraryPath the folder libtorch was loaded from
 * @param capabilities the engine's features (CUDA, CUDNN, MKLDNN, …)
 * @param cudaVersion the CUDA runtime DJL found, or null
 * @param gpus the GPUs the engine can use
 * @param environment the native-library settings in force (PYTORCH_*, DJL caches)
 * @param notes things a user should know (mixed precision, device choice)
 */
public record EngineReport(boolean loaded, String error, String hint, String engine, String version,
        String djlVersion, String flavour, String libraryPath, List<String> capabilities, String cudaVersion,
        List<Gpu> gpus, Map<String, String> environment, List<String> notes) {

    /** Mixed precision: where users look for it, the answer. */
    public static final String MIXED_PRECISION = "Mixed precision (float16/bfloat16 autocast) is not available:"
            + " DJL's PyTorch engine trains in float32. Lower the batch or image size to save GPU memory instead.";

    /**
     * One GPU.
     *
     * @param index device number ({@code --device gpuN})
     * @param name model name from {@code nvidia-smi}, or null when it is not installed
     * @param computeCapability CUDA compute capability, e.g. {@code 86}
     * @param memoryUsedMb memory in use (DJL's CudaUtils)
     * @param memoryTotalMb total memory
     */
    public record Gpu(int index, String name, String computeCapability, long memoryUsedMb, long memoryTotalMb) {}

    private static final Pattern FLAVOUR = Pattern.compile("-(cpu|cu\\d{3})(-precxx11)?-");

    /**
     * Loads (or finds) the PyTorch engine and reports on it; never throws.
     *
     * @return the report
     */
    public static EngineReport collect() {
        Map<String, String> env = nativeEnvironment();
        List<String> notes = new ArrayList<>();
        notes.add(MIXED_PRECISION);
        try {
            Engine engine = Engine.getEngine("PyTorch");
            String path = ai.djl.pytorch.jni.LibUtils.getLibtorchPath();
            List<String> caps = new ArrayList<>(ai.djl.pytorch.jni.JniUtils.getFeatures());
            int count = engine.getGpuCount();
            List<Gpu> gpus = new ArrayList<>();
            List<String> names = gpuNames();
            for (int i = 0; i < count; i++) {
                long used = -1;
                long total = -1;
                String cc = null;
                try {
                    MemoryUsage mem = CudaUtils.getGpuMemory(Device.gpu(i));
                    used = mem.getCommitted() / (1 << 20);
                    total = mem.getMax() / (1 << 20);
                    cc = CudaUtils.getComputeCapability(i);
                } catch (RuntimeException | LinkageError e) {
                    // reported as unknown
                }
                gpus.add(new Gpu(i, i < names.size() ? names.get(i) : null, cc, used, total));
            }
            String cuda = null;
            try {
                cuda = CudaUtils.hasCuda() ? CudaUtils.getCudaVersionString() : null;
            } catch (RuntimeException | LinkageError e) {
                // no CUDA runtime
            }
            notes.add(count > 0 ? "--device auto trains on GPU 0; --device gpuN picks another."
                    : "--device auto trains on the CPU: " + Devices.noGpuReason() + ". " + Devices.gpuHelp());
            return new EngineReport(true, null, null, engine.getEngineName(), engine.getVersion(),
                    Engine.getDjlVersion(), flavour(path, caps), path, caps, cuda, gpus, env, notes);
        } catch (RuntimeException | LinkageError e) {
            String msg = firstLines(e);
            return new EngineReport(false, msg, hintFor(msg), "PyTorch", null, safeDjlVersion(), null, null,
                    List.of(), null, List.of(), env, notes);
        }
    }

    static String flavour(String path, List<String> caps) {
        String override = System.getenv("PYTORCH_FLAVOR");
        if (override == null) {
            override = System.getProperty("PYTORCH_FLAVOR");
        }
        if (override != null && !override.isBlank()) {
            return override;
        }
        Matcher m = FLAVOUR.matcher(Path.of(path).getFileName().toString() + "-");
        if (m.find()) {
            return m.group(1);
        }
        return caps.contains("CUDA") ? "cuda" : "cpu";
    }

    private static String hintFor(String msg) {
        if (msg.contains("Offline mode") || msg.contains("download") || msg.contains("index file")
                || msg.contains("publish.djl.ai") || msg.contains("UnknownHost")) {
            return "DJL needed to download libtorch (from publish.djl.ai) and could not: offline, or no network."
                    + " Connect once (about 2.5 GB for the CUDA build, kept in DJL's engine cache), or"
                    + " point PYTORCH_LIBRARY_PATH at an installed libtorch 2.7.1 (with PYTORCH_VERSION=2.7.1 and"
                    + " PYTORCH_FLAVOR), or go back to the bundled CPU build.";
        }
        if (msg.contains("libcudart") || msg.contains("libcuda") || msg.contains("CUDA")) {
            return "The CUDA libtorch needs an NVIDIA driver for CUDA 12.8 or newer; install it, or go back to"
                    + " the CPU build.";
        }
        return "Check PYTORCH_LIBRARY_PATH/PYTORCH_VERSION/PYTORCH_FLAVOR: DJL 0.36 works with libtorch 2.7.1"
                + " only (a PyTorch 2.11 libtorch loads but cannot read tensors back).";
    }

    private static String safeDjlVersion() {
        try {
            return Engine.getDjlVersion();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static String firstLines(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 600; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst()
                    .orElse("");
            if (sb.indexOf(m) < 0) {
                sb.append(sb.length() == 0 ? "" : ": ").append(m);
            }
        }
        return sb.toString();
    }

    private static Map<String, String> nativeEnvironment() {
        Map<String, String> env = new TreeMap<>();
        for (String key : List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR", "DJL_CACHE_DIR",
                "ENGINE_CACHE_DIR", "DJL_OFFLINE", "ONEDNN_MAX_CPU_ISA", "CUDA_VISIBLE_DEVICES")) {
            String v = System.getenv(key);
            if (v == null) {
                v = System.getProperty(key);
            }
            if (v != null) {
                env.put(key, v);
            }
        }
        if (System.getProperty("ai.djl.offline") != null) {
            env.put("ai.djl.offline", System.getProperty("ai.djl.offline"));
        }
        return env;
    }

    /** GPU names from nvidia-smi when it is installed (DJL's CudaUtils has no names). */
    private static List<String> gpuNames() {
        List<String> names = new ArrayList<>();
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name", "--format=csv,noheader")
                    .redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    r.lines().map(String::trim).filter(l -> !l.isEmpty()).forEach(names::add);
                }
            } finally {
                p.destroy();
            }
        } catch (java.io.IOException e) {
            // no nvidia-smi
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return names;
    }
}
