package dev.graft.engine.bench;

import java.util.List;

/** Settings that change how fast libtorch runs on a CPU, reported by both sides of the bench. */
public final class PeerSettings {

    /** Environment variables that select threads, kernels and instruction sets. */
    public static final List<String> ENV_KEYS = List.of("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OMP_WAIT_POLICY",
            "GOMP_SPINCOUNT", "ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA", "ATEN_CPU_CAPABILITY",
            "ONEDNN_DEFAULT_FPMATH_MODE", "THP_MEM_ALLOC_ENABLE", "LD_PRELOAD");

    private PeerSettings() {}
}
