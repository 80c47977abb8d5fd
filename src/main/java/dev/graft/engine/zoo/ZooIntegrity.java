package dev.graft.engine.zoo;

import dev.graft.core.util.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What Graft checks of a downloaded artifact. DJL verifies each download against the zoo's SHA-1
 * while it streams, but never again: once its cache folder exists DJL trusts it. So right after a
 * verified download Graft records the SHA-256 of every file DJL left (beside the folder, in DJL's
 * cache), and checks them before a model is used. A downloaded folder is untrusted input like a
 * model folder: only regular files, no links, and exactly one TorchScript file.
 */
final class ZooIntegrity {

    /** Suffix of the SHA-256 list beside an artifact's folder. */
    static final String MANIFEST_SUFFIX = ".graft-sha256";

    private static final long MAX_FILES = 64;

    private ZooIntegrity() {}

    static Path manifest(Path dir) {
        return dir.resolveSibling(dir.getFileName() + MANIFEST_SUFFIX);
    }

    /**
     * The files of a downloaded folder, relative paths with '/' separators.
     *
     * @throws IOException if it holds a link or anything but files and folders
     */
    static List<String> files(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isSymbolicLink() || a.isOther()) {
                    throw new IOException(dir + " holds " + p.getFileName() + ", which is not a plain file; the"
                            + " download is not trusted");
                }
                if (a.isRegularFile()) {
                    out.add(dir.relativize(p).toString().replace('\\', '/'));
                }
            }
        }
        if (out.size() > MAX_FILES) {
            throw new IOException(dir + " holds " + out.size() + " files; a zoo backbone has a few");
        }
        out.sort(String::compareTo);
        return out;
    }

    /**
     * The one TorchScript file of a downloaded folder.
     *
     * @throws IOException if there is none or more than one
     */
    static Path torchScript(Path dir) throws IOException {
        List<String> pts = files(dir).stream().filter(f -> f.endsWith(".pt")).toList();
        if (pts.size() != 1) {
            throw new IOException(dir + " should hold exactly one TorchScript .pt file but holds " + pts.size()
                    + (pts.isEmpty() ? "" : ": " + pts));
        }
        return dir.resolve(pts.get(0));
    }

    /** Records the SHA-256 of every file (atomically). */
    static void record(Path dir) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String f : files(dir)) {
            text.append(sha256(dir.resolve(f))).append("  ").append(f).append('\n');
        }
        AtomicFiles.writeString(manifest(dir), text.toString());
    }

    /** @return the recorded sums by file, or null when none were recorded */
    static Map<String, String> recorded(Path dir) throws IOException {
        Path m = manifest(dir);
        if (!Files.isRegularFile(m)) {
            return null;
        }
        Map<String, String> sums = new LinkedHashMap<>();
        for (String line : Files.readAllLines(m, StandardCharsets.UTF_8)) {
            if (line.length() > 66 && line.charAt(64) == ' ') {
                sums.put(line.substring(66), line.substring(0, 64));
            }
        }
        return sums;
    }

    /**
     * Cheap check for listings: the recorded files are there with plausible sizes.
     *
     * @return null when fine, else what is wrong
     */
    static String quickProblem(Path dir) {
        try {
            Map<String, String> sums = recorded(dir);
            if (sums == null) {
                return null; // downloaded by DJL itself (or Graft stopped before recording): verified on first use
            }
            List<String> now = files(dir);
            if (!now.equals(new ArrayList<>(sums.keySet()))) {
                return "its files changed since the download (now " + now + ", recorded " + sums.keySet() + ")";
            }
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /**
     * Full check before use: every file's SHA-256 against the record (recording it first when a
     * download verified by DJL has none yet).
     *
     * @return null when fine, else what is wrong
     * @throws IOException if a file cannot be read
     */
    static String fullProblem(Path dir) throws IOException {
        Map<String, String> sums = recorded(dir);
        if (sums == null) {
            torchScript(dir);
            record(dir);
            return null;
        }
        List<String> now = files(dir);
        if (!now.equals(new ArrayList<>(sums.keySet()))) {
            return "its files changed since the download (now " + now + ", recorded " + sums.keySet() + ")";
        }
        for (Map.Entry<String, String> e : sums.entrySet()) {
            if (!sha256(dir.resolve(e.getKey())).equals(e.getValue())) {
                return e.getKey() + " no longer matches the SHA-256 recorded after its verified download";
            }
        }
        return null;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
