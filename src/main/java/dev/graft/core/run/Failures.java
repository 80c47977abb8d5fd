package dev.graft.core.run;

import dev.graft.core.data.DatasetException;
import dev.graft.core.model.FreezeException;

/** Turns a failure into one sentence a user can act on, and a hint of what to do. */
public final class Failures {

    private Failures() {}

    /**
     * Describes a failure.
     *
     * @param ex the failure
     * @return its most useful message
     */
    public static String describe(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof RuntimeException
                && t.getClass().getName().startsWith("java.util.concurrent"))) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = t.getClass().getSimpleName();
        }
        if (t instanceof java.nio.file.NoSuchFileException) {
            return "file not found: " + msg;
        }
        if (t instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + msg;
        }
        if (msg.contains("No space left on device")) {
            return "the disk is full (" + msg + "); free some space and try again";
        }
        if (t instanceof OutOfMemoryError) {
            return "the training process ran out of Java heap (" + msg + ")";
        }
        if (gpuOutOfMemory(msg)) {
            return "the GPU ran out of memory (" + firstLine(msg).replaceFirst("^CUDA out of memory\\.\\s*", "")
                    .trim() + ")";
        }
        if (nativeAllocationFailed(msg)) {
            return "libtorch could not allocate memory for the network's tensors: the machine has less free"
                    + " memory than this batch needs (" + firstLine(msg) + ")";
        }
        if (t instanceof java.io.EOFException) {
            return "a file ended early (truncated): " + msg;
        }
        return msg;
    }

    /**
     * What the user can do about a failure.
     *
     * @param e the failure
     * @return a hint, or null
     */
    public static String hint(Throwable e) {
        return hint(e, null);
    }

    /**
     * What the user can do about a failure of a run, with the recipe's own numbers.
     *
     * @param e the failure
     * @param recipe the run's recipe, or null
     * @return a hint, or null
     */
    public static String hint(Throwable e, Recipe recipe) {
        String sizes = recipe == null ? "" : " (now " + recipe.batchSize() + " images of " + recipe.imageSize()
                + " px)";
        if (e instanceof OutOfMemoryError) {
            return "Give the training process more Java heap (graft train --max-heap), or lower the batch size or"
                    + " image size" + sizes + ".";
        }
        if (causes(e).anyMatch(c -> gpuOutOfMemory(c.getMessage()))) {
            return "Lower the batch size or the image size" + sizes + ", or freeze more layers (a frozen backbone"
                    + " needs no gradients); other programs on the GPU also take its memory. Training on the CPU"
                    + " (--device cpu) is slower but has the machine's memory.";
        }
        if (nativeAllocationFailed(e.getMessage())) {
            return "Lower the batch size or the image size" + sizes + ", or close other programs that use memory."
                    + " Freezing more layers also needs less memory.";
        }
        if (e instanceof DatasetException) {
            return "fix the dataset folder and try again";
        }
        if (e instanceof FreezeException) {
            return "see `graft inspect --model ...` for the layer tree";
        }
        return null;
    }

    private static java.util.stream.Stream<Throwable> causes(Throwable e) {
        return java.util.stream.Stream.iterate(e, c -> c != null, c -> c.getCause() == c ? null : c.getCause()).limit(10);
    }

    /** libtorch's CUDA caching allocator failing (c10::OutOfMemoryError, raised by DJL as EngineException). */
    private static boolean gpuOutOfMemory(String msg) {
        return msg != null && (msg.contains("CUDA out of memory") || msg.contains("CUDA error: out of memory")
                || msg.contains("CUBLAS_STATUS_ALLOC_FAILED"));
    }

    /** libtorch's CPU allocator failing ("DefaultCPUAllocator: can't allocate memory"). */
    private static boolean nativeAllocationFailed(String msg) {
        return msg != null && (msg.contains("can't allocate memory") || msg.contains("DefaultCPUAllocator"));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
