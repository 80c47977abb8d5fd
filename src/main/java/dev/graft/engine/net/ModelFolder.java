package dev.graft.engine.net;

import dev.graft.core.model.ModelFiles;
import ai.djl.MalformedModelException;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.run.Recipe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A model folder is untrusted input: it may come from anywhere. Every path it names is resolved
 * inside it (no {@code ..}, no absolute paths, no symbolic links leading out), its architecture
 * is checked before anything is built, and its weight files are checked against the checksums
 * Graft wrote beside them. Graft's loaders read only data from a folder: they never load a class
 * a folder names (DJL's own {@code Criteria} loaders do; see docs/cli.md, "A model folder is code").
 */
public final class ModelFolder {

    private ModelFolder() {}

    /**
     * Resolves a file name a model folder mentions, confined to the folder.
     *
     * @param dir the model folder
     * @param name a plain file name
     * @return the file's path inside the folder
     * @throws MalformedModelException if the name is not a plain file name or leads outside
     */
    public static Path inside(Path dir, String name) throws MalformedModelException {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".")
                || name.equals("..") || name.indexOf('\0') >= 0 || name.contains(":")) {
            throw new MalformedModelException("Model folder " + dir + ": '" + name + "' is not a plain file name"
                    + " inside the folder; a model folder may only refer to its own files.");
        }
        Path file = dir.resolve(name);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Path real = file.toRealPath();
                if (!real.startsWith(dir.toRealPath())) {
                    throw new MalformedModelException("Model folder " + dir + ": '" + name
                            + "' is a link to " + real + ", outside the folder; refusing to read it.");
                }
            } catch (IOException e) {
                throw new MalformedModelException("Model folder " + dir + ": cannot resolve '" + name + "': "
                        + e.getMessage());
            }
        }
        return file;
    }

    /**
     * Checks an architecture before anything is built from it.
     *
     * @param spec the architecture read from the folder
     * @param where the file it came from (for messages)
     * @throws MalformedModelException naming the file and what is wrong
     */
    public static void check(ArchitectureSpec spec, Path where) throws MalformedModelException {
        String problem = problem(spec);
        if (problem != null) {
            throw new MalformedModelException(where + ": " + problem);
        }
    }

    private static String problem(ArchitectureSpec spec) {
        if (spec == null) {
            return "empty architecture file";
        }
        if (!ArchitectureSpec.MOBILENET_V2.equals(spec.architecture())
                && !ArchitectureSpec.TORCHSCRIPT.equals(spec.architecture())
                && !ArchitectureSpec.KERAS.equals(spec.architecture())) {
            return "unknown architecture '" + spec.architecture() + "'";
        }
        if (spec.imageSize() < 32 || spec.imageSize() > 1024) {
            return "image size " + spec.imageSize() + " is outside 32..1024";
        }
        if (spec.classes().isEmpty()) {
            return "no class names";
        }
        Set<String> seen = new HashSet<>();
        for (String c : spec.classes()) {
            if (c == null || c.isBlank()) {
                return "an empty class name";
            }
            if (c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                return "class name with a line break: " + c.replace("\n", "\\n").replace("\r", "\\r");
            }
            if (!seen.add(c)) {
                return "class name '" + c + "' appears twice";
            }
        }
        if (spec.featureSize() <= 0 || spec.featureSize() > 1_000_000) {
            return "feature size " + spec.featureSize() + " is out of range";
        }
        for (int w : spec.headHidden()) {
            if (w < 1 || w > Recipe.MAX_HEAD_WIDTH) {
                return "head layer width " + w + " is out of range";
            }
        }
        if (!(spec.dropout() >= 0 && spec.dropout() < 1)) {
            return "dropout " + spec.dropout() + " is outside [0, 1)";
        }
        if (!ArchitectureSpec.NORMALIZATIONS.contains(spec.normalization())) {
            return "unknown normalization '" + spec.normalization() + "'";
        }
        if (ArchitectureSpec.TORCHSCRIPT.equals(spec.architecture()) && spec.backboneFile() == null) {
            return "a TorchScript model without a backboneFile";
        }
        if (ArchitectureSpec.KERAS.equals(spec.architecture()) && spec.backboneFile() == null) {
            return "a Keras model without a backboneFile (its " + ModelFiles.KERAS + ")";
        }
        return null;
    }

    /**
     * Checks that {@code synset.txt}, which DJL's loaders read, names the same classes as the
     * architecture, which Graft's loaders read: otherwise the two would label outputs differently.
     *
     * @param dir the model folder
     * @param spec its architecture
     * @throws IOException if the file is unreadable
     * @throws MalformedModelException if the names differ
     */
    public static void checkSynset(Path dir, ArchitectureSpec spec) throws IOException, MalformedModelException {
        Path synset = inside(dir, ModelFiles.SYNSET);
        if (!Files.isRegularFile(synset)) {
            return;
        }
        List<String> names = Files.readAllLines(synset, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isEmpty()).toList();
        if (!names.equals(spec.classes())) {
            throw new MalformedModelException(synset + " lists the classes " + names + " but "
                    + ModelFiles.SPEC + " says " + spec.classes() + "; the folder was modified or is corrupt.");
        }
    }

    /**
     * The checksum file's text for some files of a folder.
     *
     * @param dir the folder
     * @param files file names
     * @return lines in {@code sha256sum} format
     * @throws IOException if a file is unreadable
     */
    public static String checksums(Path dir, List<String> files) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String f : files) {
            out.append(sha256(dir.resolve(f))).append("  ").append(f).append('\n');
        }
        return out.toString();
    }

    /**
     * Verifies the files listed in a folder's checksum file (folders written before checksums
     * existed have none and pass).
     *
     * @param dir the model folder
     * @param checksumFile the checksum file's name
     * @throws IOException if a file is unreadable
     * @throws MalformedModelException naming the first file whose content differs
     */
    public static void verifyChecksums(Path dir, String checksumFile) throws IOException, MalformedModelException {
        Path sums = inside(dir, checksumFile);
        if (!Files.isRegularFile(sums)) {
            return;
        }
        for (String line : Files.readAllLines(sums, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            int sep = line.indexOf("  ");
            if (sep != 64) {
                throw new MalformedModelException(sums + ": malformed line '" + line + "'");
            }
            String name = line.substring(sep + 2);
            Path file = inside(dir, name);
            if (!Files.isRegularFile(file)) {
                throw new MalformedModelException(dir + ": " + name + " is missing (listed in " + checksumFile + ")");
            }
            if (!sha256(file).equals(line.substring(0, 64))) {
                throw new MalformedModelException(file + " does not match its checksum in " + checksumFile
                        + ": the file is corrupt or was modified after Graft wrote it.");
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
