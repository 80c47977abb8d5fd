package dev.graft.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

/**
 * DJL's dataset repository in miniature on a real HTTP server on 127.0.0.1: the layout of
 * {@code mlrepo} ({@code dataset/cv/ai/djl/basicdataset/<artifact>/metadata.json} plus the files it
 * names, relative to the artifact, with SHA-1 and size as in DJL's published metadata), holding
 * small real sets in the real formats: CIFAR-10 binary records (label byte + 3,072 pixel bytes,
 * gzipped), Fashion-MNIST idx files (gzipped), and fresh/rotten fruit PNGs zipped in class folders.
 * A test can slow it down, cut a file short, corrupt it, or serve other bytes with a matching
 * checksum (a hostile or broken archive the repository vouches for).
 */
public final class DatasetFixtureServer implements AutoCloseable {

    /** How a file is served. */
    public enum Mode {
        /** As is. */
        NORMAL,
        /** Announces the full length, sends half, closes the connection. */
        TRUNCATED,
        /** Same length, one byte changed: the checksum in the metadata no longer matches. */
        CORRUPT
    }

    /** CIFAR-10 records served: training, test. */
    public static final int CIFAR_TRAIN = 30;
    /** CIFAR-10 test records. */
    public static final int CIFAR_TEST = 10;
    /** Fashion-MNIST images: training. */
    public static final int FASHION_TRAIN = 20;
    /** Fashion-MNIST test images. */
    public static final int FASHION_TEST = 10;

    private static final String BASE = "/dataset/cv/ai/djl/basicdataset/";

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Mode> modes = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger chunkDelayMillis = new AtomicInteger();
    /** Artifact to (file key to uri, file name) for the metadata. */
    private final Map<String, Map<String, String>> artifacts = new ConcurrentHashMap<>();
    private final byte[] cifarTrain;
    private final byte[] cifarTest;
    private final byte[] fashionTrainImages;
    private final byte[] fashionTrainLabels;

    /**
     * Starts the server with every artifact.
     *
     * @throws IOException if it cannot listen
     */
    public DatasetFixtureServer() throws IOException {
        this(CIFAR_TRAIN, CIFAR_TEST);
    }

    /**
     * Starts the server with CIFAR-10 at another size (the real set has 50,000 and 10,000 records:
     * a measurement of the whole pipeline at full scale).
     *
     * @param cifarTrainRecords training records
     * @param cifarTestRecords test records
     * @throws IOException if it cannot listen
     */
    public DatasetFixtureServer(int cifarTrainRecords, int cifarTestRecords) throws IOException {
        Random random = new Random(23);
        cifarTrain = cifar(cifarTrainRecords, random);
        cifarTest = cifar(cifarTestRecords, random);
        put("cifar10", "data_batch.bin", "data_batch.bin.gz", gzip(cifarTrain));
        put("cifar10", "test_batch.bin", "test_batch.bin.gz", gzip(cifarTest));
        fashionTrainImages = idxImages(FASHION_TRAIN, random);
        fashionTrainLabels = idxLabels(FASHION_TRAIN);
        put("fashmnist", "train_data", "train-images-idx3-ubyte.gz", gzip(fashionTrainImages));
        put("fashmnist", "train_labels", "train-labels-idx1-ubyte.gz", gzip(fashionTrainLabels));
        put("fashmnist", "test_data", "t10k-images-idx3-ubyte.gz", gzip(idxImages(FASHION_TEST, random)));
        put("fashmnist", "test_labels", "t10k-labels-idx1-ubyte.gz", gzip(idxLabels(FASHION_TEST)));
        put("fruit", "train", "train.zip", fruits(4, random));
        put("fruit", "test", "test.zip", fruits(2, random));
        put("fruit-unittest", "train", "train.zip", fruits(3, random));
        put("fruit-unittest", "test", "test.zip", fruits(1, random));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "dataset-fixture-server");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** @return the repository's base URL */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** @return the CIFAR-10 training records as served (unzipped): label byte, then R, G and B planes */
    public byte[] cifarTrain() {
        return cifarTrain.clone();
    }

    /** @return the Fashion-MNIST training images as served (unzipped idx file) */
    public byte[] fashionTrainImages() {
        return fashionTrainImages.clone();
    }

    /** @return the Fashion-MNIST training labels as served (unzipped idx file) */
    public byte[] fashionTrainLabels() {
        return fashionTrainLabels.clone();
    }

    /**
     * Serves a file differently.
     *
     * @param file the file's name, e.g. {@code data_batch.bin.gz}
     * @param mode how
     */
    public void mode(String file, Mode mode) {
        files.keySet().stream().filter(p -> p.endsWith("/" + file)).forEach(p -> modes.put(p, mode));
    }

    /**
     * Serves other bytes for a file, with the metadata's size and SHA-1 updated to match: the
     * repository vouches for them.
     *
     * @param artifact e.g. {@code fruit}
     * @param file the file's name, e.g. {@code train.zip}
     * @param bytes the new content
     */
    public void replace(String artifact, String file, byte[] bytes) {
        files.put(BASE + artifact + "/1.0/" + file, bytes);
        files.put(BASE + artifact + "/metadata.json", metadata(artifact).getBytes(StandardCharsets.UTF_8));
    }

    /** @param millis pause after every 2 KB sent (0: full speed) */
    public void slow(int millis) {
        chunkDelayMillis.set(millis);
    }

    /** @return every path requested, in order */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /**
     * Gzips bytes.
     *
     * @param data the bytes
     * @return the gzip file
     * @throws IOException never
     */
    public static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(data);
        }
        return buf.toByteArray();
    }

    /**
     * A gzip stream around another (to build a .tgz).
     *
     * @param out where the compressed bytes go
     * @return the stream
     * @throws IOException never
     */
    public static OutputStream gzipStream(OutputStream out) throws IOException {
        return new GZIPOutputStream(out);
    }

    /**
     * A small PNG.
     *
     * @param rgb its colour
     * @param side its width and height
     * @return the PNG file's bytes
     * @throws IOException never
     */
    public static byte[] png(int rgb, int side) throws IOException {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                img.setRGB(x, y, (x + y) % 3 == 0 ? 0xffffff : rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private void put(String artifact, String key, String file, byte[] bytes) {
        artifacts.computeIfAbsent(artifact, a -> new LinkedHashMap<>()).put(key, file);
        files.put(BASE + artifact + "/1.0/" + file, bytes);
        files.put(BASE + artifact + "/metadata.json", metadata(artifact).getBytes(StandardCharsets.UTF_8));
    }

    private String metadata(String artifact) {
        StringBuilder items = new StringBuilder();
        for (Map.Entry<String, String> e : artifacts.get(artifact).entrySet()) {
            byte[] bytes = files.get(BASE + artifact + "/1.0/" + e.getValue());
            if (items.length() > 0) {
                items.append(",\n");
            }
            items.append("        \"").append(e.getKey()).append("\": {\"uri\": \"1.0/").append(e.getValue())
                    .append("\", \"sha1Hash\": \"").append(ZooFixtureServer.sha1(bytes)).append("\", \"size\": ")
                    .append(bytes.length).append("}");
        }
        return """
                {
                  "metadataVersion": "0.2",
                  "resourceType": "dataset",
                  "application": "cv",
                  "groupId": "ai.djl.basicdataset",
                  "artifactId": "%s",
                  "name": "%s",
                  "description": "Graft test fixture",
                  "licenses": {"license": {"name": "Fixture Licence", "url": "https://example.invalid/"}},
                  "artifacts": [
                    {
                      "version": "1.0",
                      "snapshot": false,
                      "files": {
                %s
                      }
                    }
                  ]
                }
                """.formatted(artifact, artifact, items);
    }

    /** CIFAR-10's binary format: per image a label byte, then 1,024 red, 1,024 green, 1,024 blue bytes. */
    private static byte[] cifar(int n, Random random) {
        byte[] out = new byte[n * 3073];
        for (int i = 0; i < n; i++) {
            out[i * 3073] = (byte) (i % 10);
            for (int j = 1; j < 3073; j++) {
                out[i * 3073 + j] = (byte) random.nextInt(256);
            }
        }
        return out;
    }

    /** idx3: magic 2051, count, 28, 28, then the pixels. */
    private static byte[] idxImages(int n, Random random) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * 784);
        b.putInt(2051).putInt(n).putInt(28).putInt(28);
        for (int i = 0; i < n * 784; i++) {
            b.put((byte) random.nextInt(256));
        }
        return b.array();
    }

    /** idx1: magic 2049, count, then the labels (0–9 in turn). */
    private static byte[] idxLabels(int n) {
        ByteBuffer b = ByteBuffer.allocate(8 + n);
        b.putInt(2049).putInt(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) ((i * 3) % 10));
        }
        return b.array();
    }

    private static byte[] fruits(int perClass, Random random) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        String[] classes = {"freshapples", "rottenapples"};
        for (int c = 0; c < classes.length; c++) {
            for (int i = 0; i < perClass; i++) {
                entries.put(classes[c] + "/Screen Shot " + i + ".png", png(random.nextInt(0xffffff), 12 + c));
            }
        }
        return ZooFixtureServer.zip(entries);
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
        } catch (IOException e) {
            // the client went away (cancelled): nothing to do
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
