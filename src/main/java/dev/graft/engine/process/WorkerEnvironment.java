package dev.graft.engine.process;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Environment variables of a training worker (and of the Graft side of {@code graft bench peer},
 * so the bench measures what training runs with). They must be set before libtorch loads, which
 * is why training happens in a child process that gets them.
 */
public final class WorkerEnvironment {

    /**
     * libtorch 2.x allocates tensors of 2 MB and more aligned to 2 MB and asks the kernel for
     * transparent huge pages for them ({@code madvise}). A training step allocates and frees
     * several GB of activations; with 4 KB pages each fresh page costs a page fault, and on
     * virtual machines a fault is expensive. Measured on this project's VM with {@code graft bench
     * peer} (README, "Speed compared with Python PyTorch"): without it Graft's full fine-tuning
     * ran at 0.36x the Python script's speed, with it at 1.10-1.20x. Needs a kernel with THP in
     * {@code madvise} or {@code always} mode (the Linux default); elsewhere it does nothing.
     */
    public static final Map<String, String> FAST_ALLOCATION = Map.of("THP_MEM_ALLOC_ENABLE", "1");

    /** Avoids oneDNN's division by zero on CPUs that report no cache sizes (GUIDE §5). */
    public static final Map<String, String> SAFE_CPU = Map.of("ONEDNN_MAX_CPU_ISA", "SSE41");

    private WorkerEnvironment() {}

    /**
     * The environment a worker gets on top of the parent's.
     *
     * @param safeCpu true to add {@link #SAFE_CPU}
     * @return variable to value
     */
    public static Map<String, String> of(boolean safeCpu) {
        Map<String, String> env = new LinkedHashMap<>(FAST_ALLOCATION);
        if (safeCpu) {
            env.putAll(SAFE_CPU);
        }
        return Map.copyOf(env);
    }
}
