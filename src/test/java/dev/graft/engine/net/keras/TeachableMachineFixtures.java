package dev.graft.engine.net.keras;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Teachable Machine fixtures of {@code src/test/node/teachable-machine}: model.json and
 * metadata.json as Teachable Machine exports them, and the seed of their locally made weights.
 * {@link #materialise} writes the weights.bin that {@code weights.js} made from that seed (one
 * mulberry32 stream, one byte per value, a range per weight name), so it need not be committed.
 */
final class TeachableMachineFixtures {

    /** Fixture folders under {@code /dev/graft/keras/tm/}. */
    static final List<String> ALL = List.of("v1-0.25", "v1-0.50", "v1-0.75", "v1-1.00", "v2-0.35", "v2-0.50",
            "v2-0.75", "v2-1.00");
    static final String ROOT = "/dev/graft/keras/tm/";

    private TeachableMachineFixtures() {}

    static JsonObject json(String resource) {
        try (InputStream in = TeachableMachineFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a fixture's Teachable Machine export (model.json, metadata.json, weights.bin).
     *
     * @param name the fixture
     * @param dir an empty folder
     * @return the fixture's reference data (fixture.json)
     */
    static JsonObject materialise(String name, Path dir) throws IOException {
        JsonObject model = json(ROOT + name + "/model.json");
        JsonObject fixture = json(ROOT + name + "/fixture.json");
        Files.writeString(dir.resolve("model.json"), model.toString());
        Files.writeString(dir.resolve("metadata.json"), json(ROOT + name + "/metadata.json").toString());
        Files.write(dir.resolve("weights.bin"), weights(fixture.get("seed").getAsInt(), model));
        return fixture;
    }

    static byte[] weights(int seed, JsonObject model) {
        int total = 0;
        var specs = model.getAsJsonArray("weightsManifest").get(0).getAsJsonObject().getAsJsonArray("weights");
        for (JsonElement s : specs) {
            total += count(s.getAsJsonObject());
        }
        ByteBuffer out = ByteBuffer.allocate(4 * total).order(ByteOrder.LITTLE_ENDIAN);
        int[] state = {seed};
        for (JsonElement el : specs) {
            JsonObject s = el.getAsJsonObject();
            String name = s.get("name").getAsString();
            long[] shape = new long[s.getAsJsonArray("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = s.getAsJsonArray("shape").get(i).getAsLong();
            }
            double[] range = range(name, shape);
            int n = count(s);
            for (int i = 0; i < n; i++) {
                int b = next(state) >>> 24;
                out.putFloat((float) (range[0] + ((range[1] - range[0]) * b) / 255));
            }
        }
        return out.array();
    }

    private static int count(JsonObject spec) {
        int n = 1;
        for (JsonElement d : spec.getAsJsonArray("shape")) {
            n *= d.getAsInt();
        }
        return n;
    }

    /** weights.js' range(). */
    private static double[] range(String name, long[] shape) {
        String s = name.substring(name.lastIndexOf('/') + 1);
        switch (s) {
            case "moving_variance":
                return new double[] {0.5, 1.5};
            case "moving_mean", "beta", "bias":
                return new double[] {-0.1, 0.1};
            case "gamma":
                return new double[] {0.8, 1.2};
            default:
                long fanIn = 1;
                if (s.equals("depthwise_kernel")) {
                    fanIn = shape[0] * shape[1];
                } else {
                    for (int i = 0; i < shape.length - 1; i++) {
                        fanIn *= shape[i];
                    }
                }
                double limit = Math.sqrt(6.0 / fanIn);
                return new double[] {-limit, limit};
        }
    }

    /** mulberry32, as weights.js computes it. */
    private static int next(int[] state) {
        state[0] += 0x6D2B79F5;
        int t = state[0];
        t = (t ^ (t >>> 15)) * (t | 1);
        t ^= t + (t ^ (t >>> 7)) * (t | 61);
        return t ^ (t >>> 14);
    }
}
