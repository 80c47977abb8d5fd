package dev.graft.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Small real datasets for tests, copied from the repository's emoji sample. */
public final class TestData {

    /** The shipped sample dataset (tests run from the project root). */
    public static final Path EMOJI = Path.of("datasets-sample", "emoji");

    private TestData() {}

    /**
     * Copies the first images of some classes of the emoji sample.
     *
     * @param target folder to create
     * @param perClass images per class
     * @param classes class names
     * @return the target folder
     * @throws IOException on failure
     */
    public static Path emojiSubset(Path target, int perClass, String... classes) throws IOException {
        for (String c : classes) {
            Path dir = Files.createDirectories(target.resolve(c));
            try (Stream<Path> files = Files.list(EMOJI.resolve(c))) {
                List<Path> first = files.sorted().limit(perClass).toList();
                for (Path f : first) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        }
        return target;
    }

    /**
     * The TorchScript fixture made by PyTorch ({@code src/test/python/make_torchscript_fixture.py}).
     *
     * @param dir where to copy it
     * @return the copied file
     * @throws IOException on failure
     */
    public static Path tinyTorchScript(Path dir) throws IOException {
        Path out = dir.resolve("tiny_cnn.pt");
        try (var in = TestData.class.getResourceAsStream("/dev/graft/torchscript/tiny_cnn.pt")) {
            Files.copy(in, out);
        }
        return out;
    }
}
