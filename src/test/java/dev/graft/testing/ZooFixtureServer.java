package dev.graft.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A model repository in the layout of DJL's {@code mlrepo} on a real HTTP server on 127.0.0.1:
 * {@code model/cv/image_classification/ai/djl/pytorch/<artifact>/metadata.json} plus the files
 * it names, with the same metadata fields as DJL's (sha1Hash, size, relative uris). The model is
 * the real TorchScript fixture made by PyTorch ({@code tiny_cnn.pt}), served gzipped as
 * {@code traced_resnet18} and zipped as {@code resnet18_embedding}. A test can make the server
 * slow, cut a file short, or serve different bytes than the checksum says.
 */
public final class ZooFixtureServer implements AutoCloseable {

    /** How a file is served. */
    public enum Mode {
        /** As is. */
        NORMAL,
        /** Announces the full length, sends half, closes the connection. */
        TRUNCATED,
        /** Same length, one byte changed: the checksum in the metadata no longer matches. */
        CORRUPT
    }

    private static final String BASE = "/model/cv/image_classification/ai/djl/pytorch/";

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Mode> modes = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger chunkDelayMillis = new AtomicInteger();
    private final byte[] torchScript;

    /**
     * Starts the server with both artifacts.
     *
     * @throws IOException if it cannot listen
     */
    public ZooFixtureServer() throws IOException {
        try (InputStream in = ZooFixtureServer.class.getResourceAsStream("/dev/graft/torchscript/tiny_cnn.pt")) {
            torchScript = in.readAllBytes();
        }
        byte[] gz = gzip(torchScript);
        byte[] synset = "n01440764 tench\nn01443537 goldfish\n".getBytes(StandardCharsets.UTF_8);
        files.put(BASE + "resnet/0.0.1/traced_resnet18.pt.gz", gz);
        files.put(BASE + "resnet/0.0.1/synset.txt", synset);
        files.put(BASE + "resnet/metadata.json", resnetMetadata(gz, synset).getBytes(StandardCharsets.UTF_8));
        byte[] zip = zip("resnet18_embedding.pt", torchScript);
        files.put(BASE + "resnet18_embedding/0.0.1/resnet18_embedding.zip", zip);
        files.put(BASE + "resnet18_embedding/metadata.json",
                embeddingMetadata(zip).getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "zoo-fixture-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** @return the repository's base URL */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** @return the fixture's TorchScript bytes (what a download must leave in the cache) */
    public byte[] torchScript() {
        return torchScript.clone();
    }

    /**
     * Serves a file differently.
     *
     * @param suffix end of the file's path, e.g. {@code traced_resnet18.pt.gz}
     * @param mode how
     */
    public void mode(String suffix, Mode mode) {
        files.keySet().stream().filter(p -> p.endsWith(suffix)).forEach(p -> modes.put(p, mode));
    }

    /**
     * Replaces what a path serves (e.g. hostile metadata).
     *
     * @param suffix end of the file's path
     * @param transform new content from the old
     */
    public void rewrite(String suffix, java.util.function.UnaryOperator<String> transform) {
        files.replaceAll((p, b) -> p.endsWith(suffix)
                ? transform.apply(new String(b, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8) : b);
    }

    /**
     * Serves another archive as {@code resnet18_embedding}, with extra metadata arguments.
     *
     * @param zip the archive
     * @param extraArguments JSON members added to the artifact's arguments, e.g.
     *     {@code "blockFactory": "x.Y"}
     */
    public void embeddingArtifact(byte[] zip, String extraArguments) {
        files.put(BASE + "resnet18_embedding/0.0.1/resnet18_embedding.zip", zip);
        files.put(BASE + "resnet18_embedding/metadata.json", embeddingMetadata(zip)
                .replace("\"normalize\": true,", "\"normalize\": true, " + extraArguments + ",")
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Zips files.
     *
     * @param entries name to content
     * @return the archive
     * @throws IOException never
     */
    public static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(buf)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return buf.toByteArray();
    }

    /** @param millis pause after every 2 KB sent (0: full speed) */
    public void slow(int millis) {
        chunkDelayMillis.set(millis);
    }

    /** @return every path requested, in order */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        requests.add(path);
        byte[] body = files.get(path);
        try (ex) {
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            Mode mode = modes.getOrDefault(path, Mode.NORMAL);
            byte[] data = body;
            if (mode == Mode.CORRUPT) {
                data = body.clone();
                data[data.length / 2] ^= 0x5A;
            }
            ex.sendResponseHeaders(200, data.length);
            OutputStream out = ex.getResponseBody();
            int end = mode == Mode.TRUNCATED ? data.length / 2 : data.length;
            for (int off = 0; off < end; off += 2048) {
                out.write(data, off, Math.min(2048, end - off));
                out.flush();
                int delay = chunkDelayMillis.get();
                if (delay > 0) {
                    try {
                        Thread.sleep(delay);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            // TRUNCATED: closing now leaves the client short of the announced length
        } catch (IOException e) {
            // the client went away (cancelled): nothing to do
        }
    }

    private static String resnetMetadata(byte[] gz, byte[] synset) {
        return """
                {
                  "metadataVersion": "0.2",
                  "resourceType": "model",
                  "application": "cv/image_classification",
                  "groupId": "ai.djl.pytorch",
                  "artifactId": "resnet",
                  "name": "Resnet",
                  "description": "Resnet image classification (Graft test fixture)",
                  "licenses": {"license": {"name": "The Apache License, Version 2.0",
                      "url": "https://www.apache.org/licenses/LICENSE-2.0"}},
                  "artifacts": [
                    {
                      "version": "0.0.1",
                      "snapshot": false,
                      "name": "traced_resnet18",
                      "properties": {"layers": "18", "dataset": "imagenet"},
                      "arguments": {"width": 224, "height": 224, "resize": 256, "centerCrop": true,
                          "normalize": true, "applySoftmax": true},
                      "options": {"mapLocation": "true"},
                      "files": {
                        "synset": {"uri": "0.0.1/synset.txt", "sha1Hash": "%s", "size": %d},
                        "model": {"uri": "0.0.1/traced_resnet18.pt.gz", "sha1Hash": "%s", "size": %d}
                      }
                    }
                  ]
                }
                """.formatted(sha1(synset), synset.length, sha1(gz), gz.length);
    }

    private static String embeddingMetadata(byte[] zip) {
        return """
                {
                  "metadataVersion": "0.1",
                  "resourceType": "model",
                  "application": "cv/image_classification",
                  "groupId": "ai.djl.pytorch",
                  "artifactId": "resnet18_embedding",
                  "name": "resnet18_embedding",
                  "artifacts": [
                    {
                      "version": "0.0.1",
                      "snapshot": false,
                      "name": "resnet18_embedding",
                      "arguments": {"width": 224, "height": 224, "normalize": true,
                          "translatorFactory": "ai.djl.modality.cv.translator.ImageFeatureExtractorFactory"},
                      "files": {
                        "model": {"uri": "0.0.1/resnet18_embedding.zip", "name": "", "sha1Hash": "%s", "size": %d}
                      }
                    }
                  ]
                }
                """.formatted(sha1(zip), zip.length);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(data);
        }
        return buf.toByteArray();
    }

    private static byte[] zip(String name, byte[] data) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(buf)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(data);
            zip.closeEntry();
        }
        return buf.toByteArray();
    }

    static String sha1(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
