package dev.graft.engine.export;

import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.model.ModelFiles;
import dev.graft.core.run.RunClaim;
import dev.graft.core.util.GraftVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where an exported model came from, as metadata: Graft's version, the run's id and name (from the
 * run folder's owner record; a model folder outside any run has none), which of the run's model
 * folders it is, the pretrained base and the SHA-256 of the parameters it was made from.
 */
final class ExportProvenance {

    private ExportProvenance() {}

    static Map<String, String> of(Path modelDir, ArchitectureSpec spec) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("graft_version", GraftVersion.VERSION);
        Path dir = modelDir.toAbsolutePath().normalize();
        Optional<RunClaim.Owner> owner = Optional.empty();
        Path run = null;
        for (Path p = dir; p != null && owner.isEmpty() && dir.getNameCount() - p.getNameCount() <= 2;
                p = p.getParent()) {
            owner = RunClaim.owner(p);
            run = p;
        }
        out.put("graft_run_id", owner.map(RunClaim.Owner::id).orElse("none (a model folder outside a run)"));
        owner.ifPresent(o -> out.put("graft_run_name", o.name()));
        String which = owner.isPresent() ? run.relativize(dir).toString() : dir.getFileName().toString();
        out.put("graft_model_folder", which.isEmpty() ? "." : which.replace('\\', '/'));
        if (spec.baseModel() != null) {
            out.put("graft_base_model", spec.baseModel());
        }
        out.put("graft_parameters_sha256", sha256(dir.resolve(ModelFiles.PARAMS)));
        return out;
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
