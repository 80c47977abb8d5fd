package dev.graft.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.EngineException;
import org.junit.jupiter.api.Test;

/**
 * Failures mapped to a cause and a hint, with the exception types and message shapes libtorch and
 * DJL really produce (DJL's JNI turns a c10::Error into an {@link EngineException}).
 */
class FailuresTest {

    /** libtorch 2.7's CUDA caching allocator message, first lines. */
    private static final String CUDA_OOM = "CUDA out of memory. Tried to allocate 784.00 MiB. GPU 0 has a total"
            + " capacity of 7.63 GiB of which 301.44 MiB is free. Including non-PyTorch memory, this process has"
            + " 7.33 GiB memory in use. Of the allocated memory 6.91 GiB is allocated by PyTorch, and 214.31 MiB is"
            + " reserved by PyTorch but unallocated. If reserved but unallocated memory is large try setting"
            + " PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.\n"
            + "Exception raised from malloc at /pytorch/c10/cuda/CUDACachingAllocator.cpp:1335 (most recent call"
            + " first):\nframe #0: c10::Error::Error(c10::SourceLocation, std::string) + 0x98";

    private static Recipe recipe() {
        return Recipe.builder("/data").set(RecipeField.BATCH_SIZE, 32).set(RecipeField.IMAGE_SIZE, 224).build();
    }

    @Test
    void aGpuOutOfMemoryIsACauseAndASuggestionNotAStackTrace() {
        EngineException e = new EngineException(CUDA_OOM);
        String cause = Failures.describe(e);
        assertTrue(cause.startsWith("the GPU ran out of memory (Tried to allocate 784.00 MiB."), cause);
        assertTrue(!cause.contains("frame #0") && !cause.contains("CUDACachingAllocator"), cause);
        String hint = Failures.hint(e, recipe());
        assertTrue(hint.startsWith("Lower the batch size or the image size (now 32 images of 224 px)"), hint);
        assertTrue(hint.contains("--device cpu"), hint);

        RuntimeException wrapped = new RuntimeException("training step failed", e);
        assertEquals(hint, Failures.hint(wrapped, recipe()), "found behind a wrapper too");
    }

    @Test
    void theCpuAllocatorIsStillTheMachinesMemory() {
        EngineException e = new EngineException("[enforce fail at alloc_cpu.cpp:116] data. DefaultCPUAllocator:"
                + " not enough memory: you tried to allocate 1073741824 bytes.");
        assertTrue(Failures.describe(e).startsWith("libtorch could not allocate memory"), Failures.describe(e));
        assertTrue(Failures.hint(e, recipe()).contains("close other programs"));
    }
}
