package dev.graft.engine.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.core.util.Json;
import dev.graft.engine.process.TrainingProcess;
import dev.graft.engine.process.WorkerEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One phase of the scale bench in a Java process of its own ({@code graft bench scale-phase}), so
 * that the peak memory it reports is that phase's alone. The child prints its numbers as the last
 * line of its output; its other lines are passed on.
 */
final class ScaleChild {

    private ScaleChild() {}

    /**
     * Runs a phase and waits for it.
     *
     * @param args the phase's arguments after {@code graft bench scale-phase}
     * @param heap the child's maximum Java heap, e.g. "2g"
     * @param asWorker true to run it as a training worker runs (its environment and priority), for the
     *     raw forward ceiling measured beside the worker's pass
     * @param jvmOptions further JVM options (e.g. the window's one-thread inference setting)
     * @param log the child's other lines
     * @return the phase's numbers
     * @throws IOException if it cannot be started or fails
     * @throws InterruptedException if interrupted (the child is killed)
     */
    static Map<String, Object> run(List<String> args, String heap, boolean asWorker, List<String> jvmOptions,
            java.util.function.Consumer<String> log) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        Path nice = Path.of("/usr/bin/nice");
        if (asWorker && Files.isExecutable(nice)) {
            cmd.addAll(List.of(nice.toString(), "-n", Integer.toString(TrainingProcess.WORKER_NICENESS)));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-Dai.djl.offline=true");
        for (String key : TrainingProcess.FORWARDED_PROPERTIES) {
            if (System.getProperty(key) != null) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.graft.cli.GraftCli", "bench",
                "scale-phase"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (asWorker) {
            pb.environment().putAll(WorkerEnvironment.of(false));
        }
        Process p = pb.start();
        String result = null;
        List<String> tail = new ArrayList<>();
        try (PeakMemory peak = PeakMemory.watch(p.pid());
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith(ScalePhases.RESULT)) {
                    result = line.substring(ScalePhases.RESULT.length());
                } else {
                    tail.add(line);
                    if (tail.size() > 20) {
                        tail.remove(0);
                    }
                }
            }
            int code = p.waitFor();
            if (code != 0 || result == null) {
                throw new IOException("the scale bench's " + args.get(0) + " phase ended with code " + code + ": "
                        + String.join("\n", tail));
            }
            JsonObject o = JsonParser.parseString(result).getAsJsonObject();
            @SuppressWarnings("unchecked")
            Map<String, Object> r = new LinkedHashMap<>(Json.COMPACT.fromJson(o, Map.class));
            // the child's own high-water mark is exact; the poll is the fallback where it could not say
            if (!(r.get("peakResidentMb") instanceof Number n) || n.longValue() <= 0) {
                r.put("peakResidentMb", peak.megabytes());
            }
            return r;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
    }
}
