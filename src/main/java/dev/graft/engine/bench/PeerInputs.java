package dev.graft.engine.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.graft.core.data.DatasetScan;
import dev.graft.core.data.LabeledImage;
import dev.graft.core.model.ArchitectureSpec;
import dev.graft.core.util.AtomicFiles;
import dev.graft.core.util.Json;
import dev.graft.engine.catalogue.BundledModel;
import dev.graft.engine.data.DatasetScanner;
import dev.graft.engine.net.LoadedNet;
import dev.graft.engine.train.ImageStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inputs both sides of {@code graft bench peer} train on, written once to a folder: one batch
 * of real, preprocessed images ({@code batch.bin}, float32 little-endian NCHW, with
 * {@code batch.json}) and the bundled MobileNetV2's pretrained weights under torchvision's names
 * ({@code weights.bin} with {@code weights.json}). Same pixels, same starting weights: the
 * activations (and so any data-dependent kernel cost) are alike on both sides.
 */
public final class PeerInputs {

    /** Batch pixels file. */
    public static final String BATCH = "batch.bin";
    /** Batch description (size, labels). */
    public static final String BATCH_JSON = "batch.json";
    /** Weights file. */
    public static final String WEIGHTS = "weights.bin";
    /** Weights index (torchvision name, shape, offset in floats). */
    public static final String WEIGHTS_JSON = "weights.json";

    private static final Pattern BLOCK = Pattern.compile("stage\\d\\.block_(\\d+)\\.(expand|depthwise|project)\\.(conv|bn)");

    /**
     * A batch read back.
     *
     * @param pixels NCHW floats
     * @param labels class index per image
     * @param imageSize side length
     * @param classes number of classes
     */
    public record Batch(float[] pixels, int[] labels, int imageSize, int classes) {
        /** @return images in the batch */
        public int size() {
            return labels.length;
        }
    }

    private PeerInputs() {}

    /**
     * Writes the batch (the first images of the data folder, in scan order, cycled to fill the
     * batch) and the torchvision-named weights.
     *
     * @param data image folder (one sub-folder per class)
     * @param batchSize images in the batch
     * @param imageSize side length
     * @param dir target folder
     * @throws Exception if the images or the bundled model cannot be read
     */
    public static void write(Path data, int batchSize, int imageSize, Path dir) throws Exception {
        Files.createDirectories(dir);
        DatasetScan scan = new DatasetScanner().scan(data);
        DatasetScanner.requireTrainable(scan);
        List<LabeledImage> images = new ArrayList<>();
        // spread the batch over the classes: every k-th image of the scan
        int step = Math.max(1, scan.images().size() / batchSize);
        for (int i = 0; images.size() < batchSize; i += step) {
            images.add(scan.images().get(i % scan.images().size()));
        }
        ArchitectureSpec spec = new BundledModel().spec();
        int per = 3 * imageSize * imageSize;
        float[] x = new float[batchSize * per];
        int[] labels = new int[batchSize];
        try (ImageStore store = new ImageStore(images, imageSize, spec.mean(), spec.std(), Long.MAX_VALUE, dir)) {
            for (int i = 0; i < batchSize; i++) {
                store.fill(i, x, i * per, false, null);
                labels[i] = store.label(i);
            }
        }
        writeFloats(dir.resolve(BATCH), List.of(x));
        JsonObject meta = new JsonObject();
        meta.addProperty("batchSize", batchSize);
        meta.addProperty("imageSize", imageSize);
        meta.addProperty("classes", scan.classes().size());
        JsonArray y = new JsonArray();
        for (int l : labels) {
            y.add(l);
        }
        meta.add("labels", y);
        meta.addProperty("data", data.toString());
        AtomicFiles.writeString(dir.resolve(BATCH_JSON), Json.PRETTY.toJson(meta));
        writeTorchvisionWeights(dir);
    }

    /**
     * Reads the batch written by {@link #write}.
     *
     * @param dir the folder
     * @return the batch
     * @throws IOException if missing or unreadable
     */
    public static Batch readBatch(Path dir) throws IOException {
        JsonObject meta = JsonParser.parseString(Files.readString(dir.resolve(BATCH_JSON))).getAsJsonObject();
        int n = meta.get("batchSize").getAsInt();
        int size = meta.get("imageSize").getAsInt();
        JsonArray y = meta.getAsJsonArray("labels");
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = y.get(i).getAsInt();
        }
        float[] pixels = new float[n * 3 * size * size];
        try (FileChannel ch = FileChannel.open(dir.resolve(BATCH), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read all
            }
            if (buf.hasRemaining()) {
                throw new IOException(dir.resolve(BATCH) + " is shorter than its description says");
            }
            buf.flip();
            buf.asFloatBuffer().get(pixels);
        }
        return new Batch(pixels, labels, size, meta.get("classes").getAsInt());
    }

    /**
     * torchvision's {@code mobilenet_v2} name of a Graft MobileNetV2 tensor.
     *
     * @param graftName full tensor name ({@code stage3.block_4.expand.conv.weight})
     * @return the torchvision name ({@code features.5.conv.0.0.weight}), or null for the head
     */
    public static String torchvisionName(String graftName) {
        int dot = graftName.lastIndexOf('.');
        String layer = graftName.substring(0, dot);
        String tensor = switch (graftName.substring(dot + 1)) {
            case "gamma" -> "weight";
            case "beta" -> "bias";
            case "runningMean" -> "running_mean";
            case "runningVar" -> "running_var";
            default -> graftName.substring(dot + 1);
        };
        String module;
        Matcher m = BLOCK.matcher(layer);
        if (layer.startsWith("stem.")) {
            module = "features.0." + (layer.endsWith(".conv") ? 0 : 1);
        } else if (layer.startsWith("top.")) {
            module = "features.18." + (layer.endsWith(".conv") ? 0 : 1);
        } else if (m.matches()) {
            int block = Integer.parseInt(m.group(1));
            boolean conv = m.group(3).equals("conv");
            String part = m.group(2);
            String local;
            if (block == 0) { // no expansion: conv.0 = depthwise ConvBNReLU, conv.1 = project, conv.2 = BN
                local = part.equals("depthwise") ? (conv ? "0.0" : "0.1") : (conv ? "1" : "2");
            } else {
                local = switch (part) {
                    case "expand" -> conv ? "0.0" : "0.1";
                    case "depthwise" -> conv ? "1.0" : "1.1";
                    default -> conv ? "2" : "3";
                };
            }
            module = "features." + (block + 1) + ".conv." + local;
        } else {
            return null;
        }
        return module + "." + tensor;
    }

    private static void writeTorchvisionWeights(Path dir) throws Exception {
        List<float[]> data = new ArrayList<>();
        JsonArray index = new JsonArray();
        long offset = 0;
        try (LoadedNet net = new BundledModel().load(Device.cpu())) {
            for (Map.Entry<String, Parameter> e : net.net().layers().tensors().entrySet()) {
                String name = torchvisionName(e.getKey());
                if (name == null) {
                    continue;
                }
                NDArray a = e.getValue().getArray();
                float[] f = a.toFloatArray();
                JsonObject t = new JsonObject();
                t.addProperty("name", name);
                JsonArray shape = new JsonArray();
                for (long d : a.getShape().getShape()) {
                    shape.add(d);
                }
                t.add("shape", shape);
                t.addProperty("offset", offset);
                index.add(t);
                data.add(f);
                offset += f.length;
            }
        }
        writeFloats(dir.resolve(WEIGHTS), data);
        JsonObject w = new JsonObject();
        w.addProperty("source", "Graft's bundled MobileNetV2 (nsfwjs 4.4.0 / Keras ImageNet)");
        w.addProperty("batchNormEpsilon", 1e-3);
        w.add("tensors", index);
        AtomicFiles.writeString(dir.resolve(WEIGHTS_JSON), Json.PRETTY.toJson(w));
    }

    private static void writeFloats(Path file, List<float[]> arrays) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (float[] a : arrays) {
                ByteBuffer buf = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(a);
                out.write(buf.array());
            }
        }
    }
}
