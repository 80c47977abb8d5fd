package dev.graft.engine.train;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many libtorch threads the training worker computes with, set between steps to the cores other
 * programs leave free. The worker runs below normal priority (nice 10) so that the window and the
 * user's programs stay responsive; but a parallel region of libtorch waits for its slowest thread,
 * and a thread that shares its core with a busy program at normal priority gets a small slice of it:
 * the whole step then waits for that slice, and two threads can be many times slower than one
 * (docs/numbers.md, "Training beside a busy program"). So every two seconds, between chunks and
 * batches, this reads how much CPU the rest of the machine used ({@code /proc/stat} minus this
 * process's own {@code /proc/self/stat}) and sets as many threads as cores are left: at least one,
 * at most libtorch's own default. Where {@code /proc} cannot be read it changes nothing. The
 * property {@code graft.coreShare=off} keeps libtorch's default throughout (for measuring).
 */
public final class CoreShare {

    /** How often the machine's CPU use is read. */
    private static final long INTERVAL_NANOS = 2_000_000_000L;
    /** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
    private static final double TICKS_PER_SECOND = 100;
    /** Another program must use more than this share of a core before a thread makes room for it. */
    private static final double OTHERS_MARGIN = 0.5;

    private static final Logger LOG = LoggerFactory.getLogger(CoreShare.class);

    private static final CoreShare WORKER = new CoreShare(
            !"off".equals(System.getProperty("graft.coreShare")));

    private final boolean enabled;
    private int max = -1;
    private int current;
    private long lastNanos;
    private long lastMachineBusy = -1;
    private long lastOwn;

    private CoreShare(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the training thread's share (call {@link #adjust()} from the thread that trains) */
    public static CoreShare worker() {
        return WORKER;
    }

    /** Between two steps: sets libtorch's thread count to the cores left free, at most every 2 s. */
    public void adjust() {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (lastMachineBusy >= 0 && now - lastNanos < INTERVAL_NANOS) {
            return;
        }
        long machine = machineBusyTicks();
        long own = ownTicks();
        if (machine < 0 || own < 0) {
            return;
        }
        if (max < 0) {
            max = JniUtils.getNumThreads();
            current = max;
        }
        if (lastMachineBusy >= 0) {
            double seconds = (now - lastNanos) / 1e9;
            double others = Math.max(0, (machine - lastMachineBusy) - (own - lastOwn)) / TICKS_PER_SECOND / seconds;
            int wanted = threadsFor(Runtime.getRuntime().availableProcessors(), others, max);
            if (wanted != current) {
                // in the run's worker.log: why a run slowed down or sped up
                LOG.info("libtorch threads {} -> {}: other programs used {} cores in the last {} s", current, wanted,
                        String.format(java.util.Locale.ROOT, "%.2f", others),
                        String.format(java.util.Locale.ROOT, "%.1f", seconds));
                JniUtils.setNumThreads(wanted);
                current = wanted;
            }
        }
        lastNanos = now;
        lastMachineBusy = machine;
        lastOwn = own;
    }

    /** @return the thread count now (libtorch's default until the first adjustment) */
    public int threads() {
        return max < 0 ? JniUtils.getNumThreads() : current;
    }

    /**
     * The threads to use.
     *
     * @param cores the machine's cores
     * @param others cores' worth of CPU time other programs used lately
     * @param max the most to use
     * @return between 1 and max
     */
    static int threadsFor(int cores, double others, int max) {
        int free = (int) Math.floor(cores - others + (1 - OTHERS_MARGIN));
        return Math.max(1, Math.min(max, free));
    }

    /** CPU time all processes used, in ticks (user, nice, system, irq, softirq, steal), or -1. */
    static long machineBusyTicks() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** This process's CPU time (user and system, all threads), in ticks, or -1. */
    static long ownTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command name in parentheses (which may hold spaces): utime is the 14th
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split("\\s+");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
