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
     * virtual machines a fault is expensive. Measured with {@code graft bench peer}: without it full
     * fine-tuning was about three times slower (docs/numbers.md, "Speed compared with Python
     * PyTorch"). Needs a kernel with THP in
     * {@code madvise} or {@code always} mode (the Linux default); elsewhere it does nothing.
     */
    public static final Map<String, String> FAST_ALLOCATION = Map.of("THP_MEM_ALLOC_ENABLE", "1");

    /**
     * glibc's allocator keeps freed memory instead of handing it back to the kernel at once:
     * allocations below 32 MB come from its heap (not a fresh {@code mmap} each), and free memory at
     * the top of the heap is returned only beyond 1 GB. Huge pages alone sped full fine-tuning up
     * but slowed partial fine-tuning (the default "last 2 stages", whose tensors are a few MB) by
     * 2.2x: each step's tensors were mapped, faulted in and unmapped again. Both together were the
     * fastest for partial and full fine-tuning alike ({@code graft bench transfer} with each
     * environment; the table is in docs/numbers.md).
     */
    public static final String MALLOC_TUNABLES = "glibc.malloc.mmap_threshold=33554432"
            + ":glibc.malloc.trim_threshold=1073741824";

    /** Avoids oneDNN's division by zero on CPUs that report no cache sizes (docs/gpu.md, "A CPU quirk"). */
    public static final Map<String, String> SAFE_CPU = Map.of("ONEDNN_MAX_CPU_ISA", "SSE41");

    private WorkerEnvironment() {}

    /**
     * The environment a worker gets on top of the parent's.
     *
     * @param safeCpu true to add {@link #SAFE_CPU}
     * @return variable to value
     */
    public static Map<String, String> of(boolean safeCpu) {
        return of(safeCpu, System.getenv("GLIBC_TUNABLES"));
    }

    /**
     * The environment a worker gets on top of the parent's.
     *
     * @param safeCpu true to add {@link #SAFE_CPU}
     * @param inheritedTunables the parent's {@code GLIBC_TUNABLES}, or null: they come after
     *     {@link #MALLOC_TUNABLES}, so a user's own setting of the same tunable wins
     * @return variable to value
     */
    static Map<String, String> of(boolean safeCpu, String inheritedTunables) {
        Map<String, String> env = new LinkedHashMap<>(FAST_ALLOCATION);
        env.put("GLIBC_TUNABLES", inheritedTunables == null || inheritedTunables.isBlank() ? MALLOC_TUNABLES
                : MALLOC_TUNABLES + ":" + inheritedTunables);
        if (safeCpu) {
            env.putAll(SAFE_CPU);
        }
        return Map.copyOf(env);
    }
}
