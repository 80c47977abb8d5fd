package dev.graft.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Chooses the compute device and says in words what is needed when a GPU is asked for but absent. */
public final class Devices {

    private Devices() {}

    /**
     * Resolves a device choice.
     *
     * @param choice {@code auto} (GPU when present), {@code cpu} or {@code gpu}
     * @return the device
     * @throws IllegalArgumentException for {@code gpu} without a usable GPU, with what to do
     */
    public static Device choose(String choice) {
        String c = choice == null ? "auto" : choice.toLowerCase(java.util.Locale.ROOT);
        int gpus = gpuCount();
        switch (c) {
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (gpus == 0) {
                    throw new IllegalArgumentException("No usable GPU: " + gpuHelp());
                }
                return Device.gpu();
            case "auto":
                return gpus > 0 ? Device.gpu() : Device.cpu();
            default:
                throw new IllegalArgumentException("--device must be auto, cpu or gpu, not '" + choice + "'");
        }
    }

    /** @return GPUs the loaded libtorch can use (0 with the CPU build Graft ships) */
    public static int gpuCount() {
        try {
            return Engine.getEngine("PyTorch").getGpuCount();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** @return a description of the device for events and the UI */
    public static String describe(Device device) {
        if (device.isGpu()) {
            return "GPU " + device.getDeviceId() + " (CUDA)";
        }
        return "CPU (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }

    /** @return what a user must install to train on a GPU */
    public static String gpuHelp() {
        return "Graft ships the CPU build of libtorch 2.7.1. To use an NVIDIA GPU, install a CUDA 12.8"
                + " driver and either point PYTORCH_LIBRARY_PATH at a CUDA libtorch 2.7.1 (with PYTORCH_VERSION=2.7.1"
                + " and PYTORCH_FLAVOR=cu128) or run a build without the pytorch-native-cpu jar so DJL downloads"
                + " the cu128 build once (see README, 'Using a GPU').";
    }
}
