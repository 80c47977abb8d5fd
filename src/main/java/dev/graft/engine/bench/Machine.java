package dev.graft.engine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A one-line description of the CPU a benchmark ran on. */
final class Machine {

    private Machine() {}

    /**
     * Describes this machine: CPU model, logical cores, and whether the kernel exposes the CPU's
     * cache sizes (on VMs that do not, libtorch's oneDNN may crash or pick other kernels: docs/gpu.md).
     *
     * @return the description
     */
    static String describe() {
        String model = "unknown CPU";
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            model = lines.stream().filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(model);
        } catch (IOException | RuntimeException e) {
            model = System.getProperty("os.arch");
        }
        boolean caches = Files.isDirectory(Path.of("/sys/devices/system/cpu/cpu0/cache"));
        String os = System.getProperty("os.name");
        return model + ", " + Runtime.getRuntime().availableProcessors() + " logical cores, " + os
                + (os.startsWith("Linux") ? (caches ? ", caches reported" : ", no cache sizes reported") : "");
    }
}
