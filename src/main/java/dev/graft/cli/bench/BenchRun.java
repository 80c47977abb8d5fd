package dev.graft.cli.bench;

import dev.graft.cli.GraftCli;
import dev.graft.core.run.RunLocations;
import dev.graft.core.run.RunNames;
import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import dev.graft.engine.process.WorkerEnvironment;
import dev.graft.engine.process.WorkerEnvironmentRelaunch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every bench does around its measurement: start again with the training worker's environment
 * when it trains in this process, choose a new output folder that is in none of the folders it
 * reads, record the environment the numbers were measured with, and write {@code bench.json}.
 */
final class BenchRun {

    /** One bench's measurement. */
    interface Body {
        /**
         * Measures.
         *
         * @param dir the bench's new output folder
         * @param results where its numbers go (written to bench.json)
         * @return the exit code
         * @throws Exception if the measurement fails
         */
        int measure(Path dir, Map<String, Object> results) throws Exception;
    }

    private BenchRun() {}

    /**
     * Runs a bench.
     *
     * @param spec the bench's command (for a relaunch with the same arguments)
     * @param settings the common options
     * @param trainsHere true when the bench trains in this process (it then needs the worker's
     *     environment: allocator settings change the speed)
     * @param read every folder the bench reads images from
     * @param body the measurement
     * @return the exit code
     * @throws Exception if the measurement fails
     */
    static int run(CommandSpec spec, BenchSettings settings, boolean trainsHere, List<Path> read, Body body)
            throws Exception {
        String problem = settings.problem();
        if (problem != null) {
            System.err.println("graft: " + problem);
            return 2;
        }
        if (trainsHere && !WorkerEnvironmentRelaunch.hasWorkerEnvironment(System.getenv())
                && !WorkerEnvironmentRelaunch.isRelaunched()) {
            System.out.println("bench: starting again in a process with the training worker's environment ("
                    + String.join(", ", WorkerEnvironment.of(false).keySet()) + ")");
            return WorkerEnvironmentRelaunch.run(GraftCli.class.getName(),
                    spec.root().commandLine().getParseResult().originalArgs());
        }
        WorkerEnvironmentRelaunch.endWithParent();
        Path dir = settings.out != null ? settings.out : RunLocations.dataHome().resolve("bench")
                .resolve(RunNames.folderName(LocalDateTime.now(), ""));
        if (Files.exists(dir)) {
            System.err.println("graft: " + dir + " exists; bench writes only into a new folder");
            return 2;
        }
        List<Path> folders = new ArrayList<>(read);
        folders.add(settings.data);
        for (Path folder : folders) {
            if (folder != null && RunLocations.canonical(dir).startsWith(RunLocations.canonical(folder))) {
                System.err.println("graft: " + dir + " is inside the image folder " + folder + ": bench never"
                        + " writes into the folders it reads (its files would be read as a class). Choose an --out"
                        + " outside it.");
                return 2;
            }
        }
        System.out.println("bench runs and results go to " + dir);
        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, String> environment = new LinkedHashMap<>();
        for (String key : WorkerEnvironment.of(false).keySet()) {
            environment.put(key, System.getenv(key)); // what these numbers were measured with
        }
        results.put("environment", environment);
        int code = body.measure(dir, results);
        if (code != 0) {
            return code; // said why; no bench.json of a measurement that did not happen
        }
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("bench.json"), Json.PRETTY.toJson(results));
        System.out.println("results written to " + dir.resolve("bench.json"));
        return code;
    }
}
