package dev.graft.engine.process;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a command again in a child JVM that has the training worker's environment. Benchmarks that
 * train inside the {@code graft} process (transfer table, throughput, memory) would otherwise
 * measure libtorch with a different allocator than {@code graft train} and the window use, and
 * the default recipe trains about 1.5× slower without it (measured in
 * {@link WorkerEnvironment#MALLOC_TUNABLES}). The variables are read when libtorch and glibc start,
 * so the only way to have them is a process that starts with them.
 */
public final class WorkerEnvironmentRelaunch {

    /** System property of the child: the parent's process id (the child ends when the parent does). */
    static final String PARENT = "graft.relaunchedBy";

    private WorkerEnvironmentRelaunch() {}

    /**
     * Whether this process is the relaunched child.
     *
     * @return true in the child
     */
    public static boolean isRelaunched() {
        return System.getProperty(PARENT) != null;
    }

    /**
     * In the relaunched child: ends this process when the parent ends, however it ends (a killed
     * parent cannot take its child along, and a benchmark nobody waits for only burns the CPU).
     */
    public static void endWithParent() {
        String pid = System.getProperty(PARENT);
        if (pid == null) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid)).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(130)),
                () -> Runtime.getRuntime().halt(130));
    }

    /**
     * Whether an environment already has what a worker gets (so there is nothing to relaunch for).
     *
     * @param env an environment, e.g. {@code System.getenv()}
     * @return true if huge-page allocation is on and glibc's tunables start with the worker's, or
     *     when not on Linux (where they do nothing)
     */
    public static boolean hasWorkerEnvironment(Map<String, String> env) {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return true; // glibc's tunables and libtorch's huge pages are Linux settings: nothing to gain
        }
        String tunables = env.get("GLIBC_TUNABLES");
        return WorkerEnvironment.FAST_ALLOCATION.entrySet().stream()
                .allMatch(e -> e.getValue().equals(env.get(e.getKey())))
                && tunables != null && tunables.startsWith(WorkerEnvironment.MALLOC_TUNABLES);
    }

    /**
     * The child's command line: this JVM's executable, options and class path, then the main
     * class and the arguments; the child knows it is one ({@link #isRelaunched}).
     *
     * @param jvmOptions this JVM's options (e.g. {@code -Xmx4g}, {@code -Dai.djl.offline=true})
     * @param mainClass the main class
     * @param args the command's arguments
     * @return the command
     */
    static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String o : jvmOptions) {
            // a debugger's agent would try to listen on the parent's port a second time
            if (!o.startsWith("-agentlib:jdwp") && !o.startsWith("-Xrunjdwp")) {
                cmd.add(o);
            }
        }
        cmd.add("-D" + PARENT + "=" + ProcessHandle.current().pid());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Runs {@code mainClass args} in a child JVM with the worker's environment added to this
     * process's, sharing this process's terminal, and waits for it.
     *
     * @param mainClass the main class
     * @param args the command's arguments
     * @return the child's exit code
     * @throws IOException if the child cannot start
     * @throws InterruptedException if interrupted while waiting (the child is then ended)
     */
    public static int run(String mainClass, List<String> args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command(ManagementFactory.getRuntimeMXBean().getInputArguments(),
                mainClass, args)).inheritIO();
        pb.environment().putAll(WorkerEnvironment.of(false));
        Process p = pb.start();
        // Ctrl+C reaches both (same process group); a SIGTERM to this process alone is passed on
        Thread passOn = new Thread(() -> p.toHandle().destroy(), "stop relaunched child");
        Runtime.getRuntime().addShutdownHook(passOn);
        try {
            return p.waitFor();
        } finally {
            if (p.isAlive()) {
                p.toHandle().destroy();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(passOn);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }
}
