package dev.graft.engine.datasets;

import ai.djl.Application;
import ai.djl.basicdataset.BasicDatasets;
import ai.djl.basicdataset.cv.classification.Cifar10;
import ai.djl.basicdataset.cv.classification.FashionMnist;
import ai.djl.basicdataset.cv.classification.FruitsFreshAndRotten;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.Artifact;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import dev.graft.core.data.DatasetInfo;
import dev.graft.engine.download.DownloadControl;
import dev.graft.engine.download.RateWindow;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Turns a prepared DJL dataset into ordinary class folders, once: basicdataset's own classes read
 * each split ({@code Cifar10} and {@code FashionMnist} hand out pixel arrays, written here as PNGs;
 * {@code FruitsFreshAndRotten} lists photos in class folders, copied here byte for byte), so the
 * labels and pixels are exactly what DJL's dataset gives a DJL program. Each split gets a
 * {@link DatasetInfo} marker; the test split is marked as such.
 */
final class ClassFolderWriter {

    /** Images read from DJL per batch (a few MB of floats). */
    private static final int BATCH = 512;
    /** DJL's {@code AbstractImageFolder} takes these as images. */
    private static final Set<String> DJL_IMAGE_EXTENSIONS = Set.of(".jpg", ".jpeg", ".png", ".bmp", ".wbmp", ".gif");
    private static final long REPORT_NANOS = 100_000_000L;

    private final SampleDataset set;
    private final DatasetRepository unpacked;
    private final Consumer<FetchProgress> listener;
    private final DownloadControl control;
    private final LongSupplier clock;
    private final RateWindow rate = new RateWindow();
    private long lastReport;

    ClassFolderWriter(SampleDataset set, DatasetRepository unpacked, Consumer<FetchProgress> listener,
            DownloadControl control, LongSupplier clock) {
        this.set = set;
        this.unpacked = unpacked;
        this.listener = listener;
        this.control = control;
        this.clock = clock;
    }

    /**
     * Writes both splits into a folder.
     *
     * @param staging the new folder (not visible as a dataset until the caller moves it into place)
     * @return images written: {training, test}
     * @throws IOException if DJL cannot read a split or a file cannot be written
     * @throws CancellationException if cancelled
     */
    int[] write(Path staging) throws IOException {
        Files.createDirectories(staging);
        int train = split(Dataset.Usage.TRAIN, staging.resolve(set.trainFolder()), "training images");
        int test = split(Dataset.Usage.TEST, staging.resolve(set.testFolder()), "test images");
        new DatasetInfo(set.id(), set.title(), DatasetInfo.TRAIN, train, set.licence(), set.home(), set.testFolder())
                .write(staging.resolve(set.trainFolder()));
        new DatasetInfo(set.id(), set.title(), DatasetInfo.TEST, test, set.licence(), set.home(), set.trainFolder())
                .write(staging.resolve(set.testFolder()));
        return new int[] {train, test};
    }

    private int split(Dataset.Usage usage, Path out, String what) throws IOException {
        listener.accept(new FetchProgress(set.id(), FetchProgress.Stage.READING, 0, 0, 0, -1,
                set.title() + " " + (usage == Dataset.Usage.TRAIN ? "training" : "test") + " split"));
        try {
            return switch (set.kind()) {
                case CIFAR10, FASHION_MNIST -> arrays(usage, out, what);
                case FRUITS -> photos(usage, out, what);
                case BUNDLED -> throw new IllegalStateException("the bundled set is not written");
            };
        } catch (TranslateException e) {
            throw new IOException("DJL could not read the " + what + " of " + set.title() + ": " + e.getMessage(), e);
        }
    }

    /** CIFAR-10 and Fashion-MNIST: DJL's arrays (N, height, width, channels) of 0–255 become PNGs. */
    private int arrays(Dataset.Usage usage, Path out, String what) throws IOException, TranslateException {
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset ds = set.kind() == SampleDataset.Kind.CIFAR10
                    ? Cifar10.builder().optRepository(unpacked).optManager(manager).optUsage(usage)
                            .setSampling(BATCH, false).build()
                    : FashionMnist.builder().optRepository(unpacked).optManager(manager).optUsage(usage)
                            .setSampling(BATCH, false).build();
            ds.prepare(); // the files are in place: DJL reads them, nothing is downloaded
            long n = ds.size();
            for (String c : set.classes()) {
                Files.createDirectories(out.resolve(c));
            }
            rate.clear();
            int written = 0;
            for (long from = 0; from < n; from += BATCH) {
                long to = Math.min(n, from + BATCH);
                try (NDManager sub = manager.newSubManager(); Batch batch = ((ArrayDataset) ds).getByRange(sub, from,
                        to)) {
                    NDArray x = batch.getData().singletonOrThrow();
                    Shape shape = x.getShape();
                    if (shape.dimension() != 4 || shape.get(0) != to - from || shape.get(3) != 1 && shape.get(3) != 3
                            || shape.get(1) > 4096 || shape.get(2) > 4096) {
                        throw new IOException("DJL read " + set.title() + " as arrays of shape " + shape
                                + ", not (images, height, width, 1 or 3): the files are not the set Graft expects");
                    }
                    byte[] pixels = x.toType(DataType.UINT8, false).toByteArray();
                    float[] labels = batch.getLabels().singletonOrThrow().toType(DataType.FLOAT32, false)
                            .toFloatArray();
                    int h = (int) shape.get(1);
                    int w = (int) shape.get(2);
                    int ch = (int) shape.get(3);
                    for (int i = 0; i < labels.length; i++) {
                        int label = (int) labels[i];
                        if (label != labels[i] || label < 0 || label >= set.classes().size()) {
                            throw new IOException("image " + (from + i) + " of the " + what + " has label " + labels[i]
                                    + ", not one of the " + set.classes().size() + " classes: the files are damaged");
                        }
                        Path file = out.resolve(set.classes().get(label)).resolve(String.format(Locale.ROOT,
                                "%05d.png", from + i));
                        if (!ImageIO.write(image(pixels, i, h, w, ch), "png", file.toFile())) {
                            throw new IOException("no PNG writer");
                        }
                        written++;
                    }
                }
                progress(written, n, what);
            }
            return written;
        }
    }

    private static BufferedImage image(byte[] pixels, int index, int h, int w, int ch) {
        BufferedImage img = new BufferedImage(w, h, ch == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        int base = index * h * w * ch;
        if (ch == 1) {
            img.getRaster().setDataElements(0, 0, w, h, java.util.Arrays.copyOfRange(pixels, base, base + h * w));
            return img;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = base + (y * w + x) * 3;
                img.setRGB(x, y, (pixels[p] & 0xff) << 16 | (pixels[p + 1] & 0xff) << 8 | pixels[p + 2] & 0xff);
            }
        }
        return img;
    }

    /**
     * FruitsFreshAndRotten: DJL lists photos in class folders (one level deep, images by
     * extension); the same files are copied as they are, and their count must be DJL's.
     */
    private int photos(Dataset.Usage usage, Path out, String what) throws IOException, TranslateException {
        FruitsFreshAndRotten ds = FruitsFreshAndRotten.builder().setRepository(unpacked)
                .optGroupId(BasicDatasets.GROUP_ID).optArtifactId(set.artifactId()).optUsage(usage)
                .setSampling(32, false).build();
        ds.prepare();
        List<String> classes = ds.getClasses();
        Artifact artifact = unpacked.dataset(Application.CV.ANY, BasicDatasets.GROUP_ID, set.artifactId(),
                SampleDatasets.VERSION).getDefaultArtifact();
        Artifact.Item item = artifact.getFiles().get(usage == Dataset.Usage.TRAIN ? "train" : "test");
        Path root = unpacked.getFile(item, ""); // where DJL's builder finds the split, the same call
        List<Path[]> copies = new ArrayList<>();
        for (String c : classes) {
            if (c.isBlank() || c.startsWith(".")) {
                throw new IOException("the archive has a class folder named '" + c + "'");
            }
            try (Stream<Path> files = Files.list(root.resolve(c))) {
                for (Path f : files.sorted().toList()) {
                    String name = f.getFileName().toString();
                    int dot = name.lastIndexOf('.');
                    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && !name.startsWith(".") && dot > 0
                            && DJL_IMAGE_EXTENSIONS.contains(name.substring(dot).toLowerCase(Locale.ROOT))) {
                        copies.add(new Path[] {f, out.resolve(c).resolve(name)});
                    }
                }
            }
        }
        if (copies.size() != ds.size()) {
            throw new IOException("DJL lists " + ds.size() + " " + what + " but Graft found " + copies.size()
                    + " in " + root + ": not copying a set that may differ from DJL's");
        }
        rate.clear();
        int written = 0;
        for (Path[] copy : copies) {
            Files.createDirectories(copy[1].getParent());
            Files.copy(copy[0], copy[1]);
            written++;
            progress(written, copies.size(), what);
        }
        return written;
    }

    private void progress(long done, long total, String what) {
        if (control.cancelled()) {
            throw new CancellationException("cancelled while writing the " + what);
        }
        long now = clock.getAsLong();
        if (done < total && now - lastReport < REPORT_NANOS) {
            return;
        }
        lastReport = now;
        rate.add(now, done);
        listener.accept(new FetchProgress(set.id(), FetchProgress.Stage.WRITING, done, total, rate.perSecond(),
                rate.secondsLeft(total), what));
    }
}
