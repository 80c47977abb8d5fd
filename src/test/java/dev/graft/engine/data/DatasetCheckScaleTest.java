package dev.graft.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.core.data.HealthReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health check at scale: generated 28×28 PNGs in 10 classes, one planted duplicate found among
 * 5,000 (kept lean for 2-core machines). The time in docs/numbers.md comes from {@code graft bench check}.
 */
class DatasetCheckScaleTest {

    @TempDir
    Path tmp;

    @Test
    void thousandsOfSmallImagesAreAllCheckedAndThePlantedDuplicateFound() throws Exception {
        int n = Integer.getInteger("graft.checkScale", 5_000);
        Path data = tmp.resolve("scale");
        long t0 = System.nanoTime();
        IntStream.range(0, n).parallel().forEach(i -> {
            try {
                Path dir = data.resolve("class" + (i % 10));
                Files.createDirectories(dir);
                Files.write(dir.resolve(String.format("img%05d.png", i)), png(i));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // one planted duplicate, so the check has something to find
        Files.copy(data.resolve("class1/img00001.png"), data.resolve("class2/copy.png"));
        double made = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        HealthReport r = new DatasetCheck().run(data).report();
        double seconds = (System.nanoTime() - t1) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "graft check: %d images of 28x28 px checked in %.1f s (%d cores;"
                + " generating them took %.1f s); %d near-duplicate pairs%n", r.images(), seconds,
                Runtime.getRuntime().availableProcessors(), made, r.nearDuplicatesTotal());
        assertEquals(n + 1, r.images());
        assertEquals(1, r.duplicates().size());
        // no time limit here (shared machines are noisy): `graft bench check` measures the time
    }

    /** A 28×28 picture of coloured blobs: different for every index. */
    private static byte[] png(int seed) throws Exception {
        return dev.graft.testing.Images.bytes(dev.graft.testing.Images.picture(seed, 28), "png");
    }
}
