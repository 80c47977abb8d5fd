import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Build step (run by Maven in generate-resources, see pom.xml): puts onnxruntime-web's browser
 * runtime into Graft's classes so `graft export --format web` works offline. Maven Central has no
 * webjar of onnxruntime-web, and committing ~11 MB of WebAssembly would bloat the repository, so
 * the files come from the npm registry through npm itself (`npm pack`, which checks the package's
 * integrity and caches it, so later builds work offline) and each file is checked against the
 * SHA-256 pinned in pom.xml. Files already in place with the right checksum are kept (no npm call).
 *
 * <p>Arguments: version, output folder, then NAME=SHA256 for each file of the package's dist/.
 */
public final class VendorOnnxRuntimeWeb {

    public static void main(String[] args) throws Exception {
        String version = args[0];
        Path out = Path.of(args[1]);
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            wanted.put(kv[0], kv[1].toLowerCase());
        }
        if (allPresent(out, wanted)) {
            return;
        }
        Path work = Files.createTempDirectory("graft-ort-web");
        try {
            Path tgz = npmPack(version, work);
            Map<String, byte[]> found = extract(tgz, wanted.keySet());
            Files.createDirectories(out);
            for (Map.Entry<String, String> e : wanted.entrySet()) {
                byte[] data = found.get(e.getKey());
                if (data == null) {
                    fail("onnxruntime-web@" + version + " has no dist/" + e.getKey());
                }
                String sha = sha256(data);
                if (!sha.equals(e.getValue())) {
                    fail("dist/" + e.getKey() + " of onnxruntime-web@" + version + " has SHA-256 " + sha
                            + ", but pom.xml pins " + e.getValue() + ": refusing to ship it");
                }
                Path tmp = out.resolve(e.getKey() + ".tmp");
                Files.write(tmp, data);
                Files.move(tmp, out.resolve(e.getKey()), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            System.out.println("[graft] vendored onnxruntime-web " + version + " into " + out);
        } finally {
            try (var s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean allPresent(Path out, Map<String, String> wanted) throws Exception {
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            Path f = out.resolve(e.getKey());
            if (!Files.isRegularFile(f) || !sha256(Files.readAllBytes(f)).equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static Path npmPack(String version, Path work) throws Exception {
        String npm = System.getProperty("os.name").toLowerCase().contains("win") ? "npm.cmd" : "npm";
        ProcessBuilder pb = new ProcessBuilder(npm, "pack", "--prefer-offline", "onnxruntime-web@" + version)
                .directory(work.toFile()).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            fail("npm was not found (" + e.getMessage() + ").");
            return null;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            fail("`npm pack onnxruntime-web@" + version + "` failed:\n" + log);
        }
        Path tgz = work.resolve("onnxruntime-web-" + version + ".tgz");
        if (!Files.isRegularFile(tgz)) {
            fail("`npm pack` wrote no " + tgz.getFileName() + ":\n" + log);
        }
        return tgz;
    }

    /** Reads package/dist/NAME entries from an npm tarball (ustar inside gzip). */
    private static Map<String, byte[]> extract(Path tgz, java.util.Set<String> names) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz)))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                String name = field(header, 0, 100);
                if (name.isEmpty()) {
                    break;
                }
                String prefix = field(header, 345, 155);
                String path = prefix.isEmpty() ? name : prefix + "/" + name;
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                byte[] data = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                String file = path.startsWith("package/dist/") ? path.substring("package/dist/".length()) : null;
                if (file != null && names.contains(file)) {
                    out.put(file, data);
                }
            }
        }
        return out;
    }

    private static String field(byte[] header, int from, int length) {
        int end = from;
        while (end < from + length && header[end] != 0) {
            end++;
        }
        return new String(header, from, end - from, StandardCharsets.US_ASCII);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /**
     * Without npm (a fresh machine with only a JDK and Maven) the build goes on without the web
     * export, which then says it is unavailable and why; everything else works. A build that must
     * have it (CI, releases: -Dgraft.webRuntime.required=true) fails instead.
     */
    private static void fail(String why) {
        boolean required = Boolean.getBoolean("graft.webRuntime.required");
        System.err.println("[graft] " + (required ? "cannot" : "warning: did not") + " vendor onnxruntime-web for the"
                + " web export: " + why);
        System.err.println("[graft] It is fetched with npm (Node.js) from the npm registry once and then cached."
                + " Install npm to build the web export; without it `graft export --format web` says it is"
                + " unavailable (every other export works).");
        System.exit(required ? 1 : 0);
    }
}
