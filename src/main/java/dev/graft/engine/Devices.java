package dev.graft.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses the compute device and says in words why, and what is needed when a GPU is asked for
 * but cannot be used. {@code auto} is the user's consent to train on the CPU when no GPU is
 * usable; {@code gpu} and {@code gpuN} are not: they fail with instructions instead.
 */
public final class Devices {

    private static final Pattern GPU_N = Pattern.compile("gpu(\\d{1,2})");

    private Devices() {}

    /**
     * A resolved device choice.
     *
     * @param device the device
     * @param reason why this device, in words (shown when a run starts)
     */
    public record Choice(Device device, String reason) {}

    /**
     * The window's own inference (Try, heat maps, the Label tab's pre-sorting, model previews) runs on
     * one libtorch thread. It shares the cores with a training worker and the user's other programs,
     * and a parallel region of two threads waits for its slowest thread: measured with
     * {@code HeatMapTiming} while a training worker ran, one explanation took a median of 2.1 s (up to
     * 4.4 s) with two threads and 0.1-0.2 s with one. Training workers and the command line keep
     * libtorch's default. Call before the engine starts; a value set by the user is kept.
     */
    public static void oneThreadForInteractiveWork() {
        for (String key : new String[] {"ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads"}) {
            if (System.getProperty(key) == null) {
                System.setProperty(key, "1");
            }
        }
    }

    /**
     * Resolves a device choice against the loaded engine.
     *
     * @param choice {@code auto} (GPU when present), {@code cpu}, {@code gpu} (the first GPU) or
     *     {@code gpuN}
     * @return the device
     * @throws IllegalArgumentException for a GPU that cannot be used, with what to do
     */
    public static Device choose(String choice) {
        return resolve(choice, gpuCount()).device();
    }

    /**
     * Resolves a device choice for a given number of usable GPUs (the engine's count in
     * {@link #choose}; tests pass any).
     *
     * @param choice the choice
     * @param gpus GPUs the loaded libtorch can use
     * @return the device and why
     * @throws IllegalArgumentException for a GPU that cannot be used, with what to do
     */
    public static Choice resolve(String choice, int gpus) {
        String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
        if (c.equals("cpu")) {
            return new Choice(Device.cpu(), "CPU, as chosen");
        }
        if (c.equals("auto")) {
            return gpus > 0 ? new Choice(Device.gpu(0), "GPU 0 (auto: " + gpus + " GPU(s) usable)")
                    : new Choice(Device.cpu(), "CPU (auto: " + noGpuReason() + ")");
        }
        Matcher m = GPU_N.matcher(c);
        if (c.equals("gpu") || m.matches()) {
            int id = c.equals("gpu") ? 0 : Integer.parseInt(m.group(1));
            if (gpus == 0) {
                throw new IllegalArgumentException("--device " + c + ": no usable GPU (" + noGpuReason() + "). "
                        + gpuHelp() + " Or train on the CPU: --device cpu (or auto).");
            }
            if (id >= gpus) {
                throw new IllegalArgumentException("--device " + c + ": there is no GPU " + id + "; the engine sees "
                        + gpus + " GPU(s), numbered 0 to " + (gpus - 1) + ".");
            }
            return new Choice(Device.gpu(id), "GPU " + id + ", as chosen");
        }
        throw new IllegalArgumentException("--device must be auto, cpu, gpu or gpuN (a GPU's number), not '"
                + choice + "'");
    }

    /** @return GPUs the loaded libtorch can use (0 with the CPU build Graft ships) */
    public static int gpuCount() {
        try {
            return Engine.getEngine("PyTorch").getGpuCount();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** @return why no GPU is used, in words */
    public static String noGpuReason() {
        String flavour = System.getenv("PYTORCH_FLAVOR");
        try {
            Engine.getEngine("PyTorch"); // loads libtorch if nothing did yet
            String path = ai.djl.pytorch.jni.LibUtils.getLibtorchPath();
            if (!path.contains("cu1") && (flavour == null || !flavour.startsWith("cu"))) {
                return "the loaded libtorch is a CPU build (" + path + ")";
            }
        } catch (RuntimeException | LinkageError e) {
            return "the engine did not load";
        }
        return "libtorch is a CUDA build but sees no GPU (driver missing or too old for CUDA 12.8?)";
    }

    /** @return a description of the device for events and the UI */
    public static String describe(Device device) {
        if (device.isGpu()) {
            return "GPU " + device.getDeviceId() + " (CUDA)";
        }
        return "CPU (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }

    /**
     * A description with the reason for the choice.
     *
     * @param choice what was asked for
     * @return e.g. "CPU (2 cores) — auto: the loaded libtorch is a CPU build (...)"
     */
    public static String describe(Choice choice) {
        return describe(choice.device()) + " — " + choice.reason();
    }

    /** @return what a user must install to train on a GPU */
    public static String gpuHelp() {
        return "Graft ships the CPU build of libtorch 2.7.1. To use an NVIDIA GPU, install a driver for CUDA 12.8"
                + " or newer and either point PYTORCH_LIBRARY_PATH at a CUDA libtorch 2.7.1 (with PYTORCH_VERSION=2.7.1"
                + " and PYTORCH_FLAVOR=cu128), or choose 'CUDA (DJL download)' in the window's Engine tab (or run 'graft engine"
                + " --use cuda-download'; or build with -Pcuda) so DJL downloads the cu128 build once."
                + " See docs/gpu.md in Graft's documentation.";
    }
}
