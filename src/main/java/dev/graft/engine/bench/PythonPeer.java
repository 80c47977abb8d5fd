package dev.graft.engine.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Finds a Python interpreter that can import torch and torchvision, and extracts the bundled
 * peer script. The first {@code python3} on the PATH is often a virtual environment or pyenv
 * shim without torch while the system one has it, so several candidates are probed in order.
 */
public final class PythonPeer {

    /** Resource path of the bundled script. */
    public static final String SCRIPT_RESOURCE = "/dev/graft/bench/peer_train.py";
    private static final String PROBE = "import torch, torchvision; print('GRAFT_PROBE', torch.__version__,"
            + " torchvision.__version__)";

    /**
     * A usable interpreter.
     *
     * @param executable how to start it
     * @param torch torch version
     * @param torchvision torchvision version
     */
    public record Interpreter(String executable, String torch, String torchvision) {}

    /**
     * One interpreter that was tried.
     *
     * @param executable the candidate
     * @param problem why it cannot be used, or null when it can
     */
    public record Probe(String executable, String problem) {}

    private PythonPeer() {}

    /**
     * Candidates in the order tried: the explicit one alone when given, else {@code python3} on
     * the PATH, then the system interpreters.
     *
     * @param explicit a path from {@code --python}, or null
     * @return the candidates
     */
    public static List<String> candidates(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return List.of(explicit);
        }
        Set<String> c = new LinkedHashSet<>(List.of("python3", "/usr/bin/python3", "/usr/local/bin/python3",
                "python"));
        return List.copyOf(c);
    }

    /**
     * Probes candidates until one imports torch and torchvision.
     *
     * @param candidates interpreters to try, in order
     * @param tried receives every probe (also the failed ones, for the message)
     * @return the first usable interpreter
     */
    public static Optional<Interpreter> find(List<String> candidates, List<Probe> tried) {
        for (String exe : candidates) {
            String problem;
            try {
                Process p = new ProcessBuilder(exe, "-c", PROBE).redirectErrorStream(true).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    problem = "did not answer within 60 s";
                } else {
                    Optional<Interpreter> found = parseProbe(exe, out);
                    if (found.isPresent()) {
                        tried.add(new Probe(exe, null));
                        return found;
                    }
                    problem = lastLine(out);
                }
            } catch (IOException e) {
                problem = "cannot start: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = "interrupted";
            }
            tried.add(new Probe(exe, problem));
        }
        return Optional.empty();
    }

    /**
     * Reads the probe's answer.
     *
     * @param exe the interpreter
     * @param output what the probe printed
     * @return the interpreter when the probe found torch and torchvision
     */
    static Optional<Interpreter> parseProbe(String exe, String output) {
        for (String line : output.split("\\R")) {
            String[] w = line.trim().split("\\s+");
            if (w.length == 3 && w[0].equals("GRAFT_PROBE")) {
                return Optional.of(new Interpreter(exe, w[1], w[2]));
            }
        }
        return Optional.empty();
    }

    /**
     * Copies the bundled script into a folder.
     *
     * @param dir the folder
     * @return the script's path
     * @throws IOException if it cannot be written
     */
    public static Path extractScript(Path dir) throws IOException {
        Path script = dir.resolve("peer_train.py");
        try (InputStream in = PythonPeer.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IOException("bundled resource missing: " + SCRIPT_RESOURCE);
            }
            Files.createDirectories(dir);
            Files.write(script, in.readAllBytes());
        }
        return script;
    }

    /**
     * The command that runs one Python measurement.
     *
     * @param python the interpreter
     * @param script the extracted script
     * @param inputs the shared inputs folder
     * @param mode what trains
     * @param steps measured steps
     * @param warmup warm-up steps
     * @param threads intra-op threads (0 for PyTorch's default)
     * @return the command line
     */
    public static List<String> command(Interpreter python, Path script, Path inputs, PeerMode mode, int steps,
            int warmup, int threads) {
        List<String> cmd = new ArrayList<>(List.of(python.executable(), script.toString(), "--inputs",
                inputs.toString(), "--mode", mode.id(), "--train-from", Integer.toString(mode.torchvisionTrainFrom()),
                "--steps", Integer.toString(steps), "--warmup", Integer.toString(warmup)));
        if (threads > 0) {
            cmd.add("--threads");
            cmd.add(Integer.toString(threads));
        }
        return cmd;
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\\R");
        String last = lines.length == 0 ? "" : lines[lines.length - 1].strip();
        return last.isEmpty() ? "no torch/torchvision" : last;
    }
}
