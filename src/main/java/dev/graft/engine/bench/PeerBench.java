package dev.graft.engine.bench;

import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import dev.graft.engine.process.WorkerEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code graft bench peer}: Graft against a Python user's PyTorch script on the same machine.
 * Both sides train torchvision-equivalent MobileNetV2 from the same pretrained weights on the
 * same batch of real images (224 px, batch 32, Adam), each in a fresh process, alternately
 * (python then graft in odd rounds, graft then python in even rounds), and each reports the
 * settings it ran with. The ratio of a round is graft / python of that round's pair. The Graft
 * side gets the training worker's environment ({@link WorkerEnvironment}); both run at the same
 * priority (the real worker runs at nice 10 to keep the desktop responsive, which on an idle
 * machine costs nothing and on a busy one is a choice, not the engine's speed).
 */
public final class PeerBench {

    /**
     * What to run.
     *
     * @param data image folder for the batch
     * @param batchSize images per step
     * @param imageSize side length
     * @param modes what trains
     * @param rounds alternating rounds (each runs both sides once per mode)
     * @param steps measured steps per run
     * @param warmup warm-up steps per run
     * @param python explicit interpreter, or null to search
     * @param pythonThreads intra-op threads for the Python side (0: PyTorch's own default)
     * @param graftJvmOptions extra JVM options of the Graft side
     * @param graftEnv extra environment of the Graft side
     * @param dir working folder (inputs, peer.json)
     */
    public record Options(Path data, int batchSize, int imageSize, List<PeerMode> modes, int rounds, int steps,
            int warmup, String python, int pythonThreads, List<String> graftJvmOptions, Map<String, String> graftEnv,
            Path dir) {}

    /**
     * The pair of one round and mode.
     *
     * @param round 1-based round
     * @param mode what trained
     * @param python the Python side
     * @param graft the Graft side
     */
    public record Pair(int round, PeerMode mode, PeerResult python, PeerResult graft) {
        /** @return graft img/s ÷ python img/s */
        public double ratio() {
            return graft.imagesPerSecond() / python.imagesPerSecond();
        }
    }

    /** No interpreter that imports torch and torchvision was found; the message says what was tried. */
    public static final class NoPythonException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NoPythonException(String message) {
            super(message);
        }
    }

    private final Options options;
    private final Consumer<String> log;
    /** Environment the Graft side ran with last; switches to the safe CPU setting after a SIGFPE. */
    private Map<String, String> graftEnv;

    /**
     * Creates the bench.
     *
     * @param options what to run
     * @param log progress and result lines
     */
    public PeerBench(Options options, Consumer<String> log) {
        this.options = options;
        this.log = log;
        Map<String, String> env = new LinkedHashMap<>(WorkerEnvironment.of(false));
        env.putAll(options.graftEnv());
        this.graftEnv = env;
    }

    /**
     * The Graft side's environment as the header states it: the variables that select page size
     * and instruction set, also when they are not set.
     *
     * @param env the Graft side's environment (on top of the parent's)
     * @return e.g. {@code THP_MEM_ALLOC_ENABLE=1, ONEDNN_MAX_CPU_ISA=(not set: best the CPU has)}
     */
    static String describeGraftEnv(Map<String, String> env) {
        StringBuilder b = new StringBuilder();
        for (String key : List.of("THP_MEM_ALLOC_ENABLE", "ONEDNN_MAX_CPU_ISA")) {
            String v = env.containsKey(key) ? env.get(key) : System.getenv(key);
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(key).append('=').append(v != null ? v
                    : key.startsWith("THP") ? "(not set: 4 KB pages)" : "(not set: the best the CPU has)");
        }
        env.forEach((k, v) -> {
            if (!k.equals("THP_MEM_ALLOC_ENABLE") && !k.equals("ONEDNN_MAX_CPU_ISA")) {
                b.append(", ").append(k).append('=').append(v);
            }
        });
        return b.toString();
    }

    /** @return the kernel's transparent huge page mode and the 1/5/15-minute load average */
    static String describeLoad() {
        String thp = readFirstLine("/sys/kernel/mm/transparent_hugepage/enabled");
        String load = readFirstLine("/proc/loadavg");
        String[] l = load == null ? new String[0] : load.split("\\s+");
        return "kernel THP " + (thp == null ? "unknown" : thp) + "; load average "
                + (l.length >= 3 ? l[0] + " " + l[1] + " " + l[2] : "unknown");
    }

    private static String readFirstLine(String file) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            return lines.isEmpty() ? null : lines.get(0).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Runs all rounds.
     *
     * @return the results, also written to {@code peer.json}
     * @throws Exception if a side fails or no usable Python is found
     */
    public Map<String, Object> run() throws Exception {
        List<PythonPeer.Probe> tried = new ArrayList<>();
        Optional<PythonPeer.Interpreter> found = PythonPeer.find(PythonPeer.candidates(options.python()), tried);
        if (found.isEmpty()) {
            StringBuilder b = new StringBuilder("bench peer compares Graft with a Python PyTorch script, but no"
                    + " Python with torch and torchvision was found. Tried:");
            tried.forEach(t -> b.append("\n  ").append(t.executable()).append(": ").append(t.problem()));
            b.append("\nInstall them (Debian/Ubuntu: apt-get install python3-torch python3-torchvision;"
                    + " elsewhere: pip install torch torchvision) or pass --python PATH."
                    + "\n(Graft's own speed without a peer: graft bench throughput.)");
            throw new NoPythonException(b.toString());
        }
        PythonPeer.Interpreter python = found.get();
        tried.stream().filter(t -> t.problem() != null)
                .forEach(t -> log.accept("  (skipped " + t.executable() + ": " + t.problem() + ")"));
        Path inputs = options.dir().resolve("inputs");
        log.accept(String.format(Locale.ROOT, "peer: MobileNetV2 %d px, batch %d, Adam; %d rounds x %s; %d measured"
                + " steps after %d warm-up steps per run", options.imageSize(), options.batchSize(), options.rounds(),
                options.modes().stream().map(PeerMode::id).toList(), options.steps(), options.warmup()));
        log.accept("python: " + python.executable() + " (torch " + python.torch() + ", torchvision "
                + python.torchvision() + ")");
        log.accept("machine: " + Machine.describe());
        log.accept("at start: " + describeLoad());
        log.accept("graft side: " + describeGraftEnv(graftEnv) + " (the training worker's environment)");
        log.accept("python side: its own defaults (torch " + python.torch() + " reads no THP_MEM_ALLOC_ENABLE)");
        log.accept("writing the shared batch and weights to " + inputs + " ...");
        PeerInputs.write(options.data(), options.batchSize(), options.imageSize(), inputs);
        Path script = PythonPeer.extractScript(options.dir());

        List<Pair> pairs = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (PeerMode mode : options.modes()) {
                PeerResult py;
                PeerResult graft;
                if (round % 2 == 1) {
                    py = python(python, script, inputs, mode, round);
                    graft = graft(inputs, mode, round);
                } else {
                    graft = graft(inputs, mode, round);
                    py = python(python, script, inputs, mode, round);
                }
                Pair pair = new Pair(round, mode, py, graft);
                pairs.add(pair);
                log.accept(String.format(Locale.ROOT, "round %d %-7s python %6.2f img/s   graft %6.2f img/s   graft/python"
                        + " %.2f", round, mode.id(), py.imagesPerSecond(), graft.imagesPerSecond(), pair.ratio()));
            }
        }
        log.accept("at end: " + describeLoad());
        Map<String, Object> results = summarise(pairs, python);
        AtomicFiles.writeString(options.dir().resolve("peer.json"), Json.PRETTY.toJson(results));
        log.accept("results written to " + options.dir().resolve("peer.json"));
        return results;
    }

    private Map<String, Object> summarise(List<Pair> pairs, PythonPeer.Interpreter python) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("machine", Machine.describe());
        r.put("python", python.executable());
        r.put("graftEnvironment", graftEnv);
        r.put("loadAtEnd", describeLoad());
        r.put("imageSize", options.imageSize());
        r.put("batchSize", options.batchSize());
        r.put("rounds", options.rounds());
        r.put("steps", options.steps());
        r.put("warmup", options.warmup());
        log.accept("");
        log.accept("settings:");
        log.accept("  python: " + pairs.get(0).python().describeSettings());
        log.accept("  graft:  " + pairs.get(0).graft().describeSettings());
        r.put("pythonSettings", pairs.get(0).python().settings());
        r.put("graftSettings", pairs.get(0).graft().settings());
        log.accept("");
        log.accept(String.format(Locale.ROOT, "%-8s %-15s %-15s %-24s %s", "mode", "python img/s", "graft img/s",
                "graft/python per round", "median"));
        Map<String, Object> byMode = new LinkedHashMap<>();
        for (PeerMode mode : options.modes()) {
            List<Pair> p = pairs.stream().filter(x -> x.mode() == mode).toList();
            List<Double> py = p.stream().map(x -> x.python().imagesPerSecond()).toList();
            List<Double> gr = p.stream().map(x -> x.graft().imagesPerSecond()).toList();
            List<Double> ratios = p.stream().map(Pair::ratio).toList();
            double median = median(ratios);
            log.accept(String.format(Locale.ROOT, "%-8s %-15s %-15s %-24s %.2f", mode.id(), range(py), range(gr),
                    String.join(", ", ratios.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList()),
                    median));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pythonImagesPerSecond", py);
            m.put("graftImagesPerSecond", gr);
            m.put("ratios", ratios);
            m.put("medianRatio", median);
            byMode.put(mode.id(), m);
        }
        r.put("modes", byMode);
        return r;
    }

    private PeerResult python(PythonPeer.Interpreter python, Path script, Path inputs, PeerMode mode, int round)
            throws IOException, InterruptedException {
        List<String> cmd = PythonPeer.command(python, script, inputs, mode, options.steps(), options.warmup(),
                options.pythonThreads());
        return runSide(cmd, Map.of(), "python-" + mode.id() + "-" + round);
    }

    private PeerResult graft(Path inputs, PeerMode mode, int round) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dai.djl.offline=" + System.getProperty("ai.djl.offline", "true"));
        for (String key : List.of("ENGINE_CACHE_DIR", "DJL_CACHE_DIR")) {
            if (System.getProperty(key) != null) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        cmd.addAll(options.graftJvmOptions());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(GraftPeerWorker.class.getName());
        cmd.add(inputs.toString());
        cmd.add(mode.id());
        cmd.add(Integer.toString(options.steps()));
        cmd.add(Integer.toString(options.warmup()));
        String name = "graft-" + mode.id() + "-" + round;
        try {
            return runSide(cmd, graftEnv, name);
        } catch (SideFailed e) {
            if (e.exitCode != SIGFPE_EXIT || "SSE41".equals(graftEnv.get("ONEDNN_MAX_CPU_ISA"))) {
                throw e;
            }
            // the CPU quirk (docs/gpu.md): the training worker retries the same way
            Map<String, String> safe = new LinkedHashMap<>(graftEnv);
            safe.putAll(WorkerEnvironment.SAFE_CPU);
            graftEnv = safe;
            log.accept("  " + name + " died of SIGFPE (oneDNN on a CPU without cache sizes); from now on the graft"
                    + " side runs with " + describeGraftEnv(graftEnv));
            return runSide(cmd, graftEnv, name + "-safe");
        }
    }

    /** Exit code of a JVM killed by SIGFPE (128 + 8). */
    static final int SIGFPE_EXIT = 136;

    /** A side ended without a result. */
    static final class SideFailed extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        SideFailed(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    private PeerResult runSide(List<String> cmd, Map<String, String> env, String name)
            throws IOException, InterruptedException {
        Path logFile = options.dir().resolve("logs").resolve(name + ".log");
        Files.createDirectories(logFile.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        int code = p.waitFor();
        String out = Files.readString(logFile, StandardCharsets.UTF_8);
        Optional<PeerResult> r = PeerResult.find(out);
        if (code != 0 || r.isEmpty()) {
            throw new SideFailed(name + " failed (exit " + code + "); its output is in " + logFile
                    + (code == SIGFPE_EXIT ? " (SIGFPE: try --graft-env ONEDNN_MAX_CPU_ISA=SSE41, see docs/gpu.md)" : ""),
                    code);
        }
        return r.get();
    }

    static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String range(List<Double> v) {
        double lo = v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double hi = v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%.1f-%.1f", lo, hi);
    }
}
