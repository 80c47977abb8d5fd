package dev.graft.engine.catalogue;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.util.Json;
import dev.graft.engine.net.LoadedNet;
import dev.graft.core.model.ModelFiles;
import dev.graft.engine.net.NetLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The pretrained MobileNetV2 shipped inside Graft's jar: Keras' ImageNet MobileNetV2 as
 * fine-tuned and published by nsfwjs 4.4.0, converted by {@code graft import --architecture mobilenet_v2}.
 */
public final class BundledModel implements ModelSource {

    /** Catalogue id. */
    public static final String ID = "mobilenet_v2";
    /** Resource folder. */
    public static final String RESOURCE = "/dev/graft/models/mobilenet_v2/";
    /** Keras names of the original head's dense layers (for the importer). */
    public static final List<String> HEAD_SOURCE_NAMES = List.of("dense_1", "dense_2", "dense_3");

    private final ArchitectureSpec spec;

    /** Reads the bundled architecture. */
    public BundledModel() {
        try (InputStream in = resource(ModelFiles.SPEC)) {
            spec = Json.COMPACT.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    ArchitectureSpec.class);
        } catch (IOException e) {
            throw new IllegalStateException("Graft's bundled model is missing from the class path", e);
        }
    }

    /**
     * The architecture of the bundled model, for the importer and tests.
     *
     * @return the spec: 224 px, the five nsfwjs classes, head 256-128
     */
    public static ArchitectureSpec originalSpec() {
        return new ArchitectureSpec(ArchitectureSpec.MOBILENET_V2, 224,
                List.of("Drawing", "Hentai", "Neutral", "Porn", "Sexy"), List.of(256, 128), 0.5f, "unit",
                null, 1280, "nsfwjs-4.4.0-mobilenet_v2", List.of("top"), "none");
    }

    static InputStream resource(String name) throws IOException {
        InputStream in = BundledModel.class.getResourceAsStream(RESOURCE + name);
        if (in == null) {
            throw new IOException("bundled resource missing: " + RESOURCE + name);
        }
        return in;
    }

    @Override
    public String describe() {
        return "bundled " + ID;
    }

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    @Override
    public Path dir() {
        return null;
    }

    @Override
    public LoadedNet load(Device device) throws IOException, MalformedModelException {
        LoadedNet net = NetLoader.create(spec, null, device, null);
        try (InputStream in = resource(ModelFiles.PARAMS)) {
            NetLoader.loadParameters(net, in, "Graft's bundled model (" + RESOURCE + ModelFiles.PARAMS + ")");
            return net;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            net.close();
            throw e;
        }
    }
}
