package dev.graft.ui.labelling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.ui.common.Background;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A large inbox is classified a piece at a time: each piece's predictions show at once and the
 * progress line counts up with the time left, instead of one silent request of minutes.
 */
class PreSorterTest {

    @Test
    void aLargeInboxIsClassifiedPieceByPieceWithProgress() {
        List<Integer> asked = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        // the model is a collaborator here: it calls every image 'cat'
        PreSorter sorter = new PreSorter(Background.sameThread(), (run, files) -> {
            asked.add(files.size());
            return files.stream().map(f -> new InboxPrediction(f, "cat", 0.9, true, null)).toList();
        });
        sorter.infoProperty().addListener((o, a, b) -> lines.add(b));
        int n = 2 * PreSorter.PIECE + 5;
        List<Path> inbox = IntStream.range(0, n).mapToObj(i -> Path.of("/inbox/" + i + ".png")).toList();
        int[] shown = {0};
        sorter.use(Path.of("/runs/r"), "r");
        sorter.predictMissing(() -> inbox, () -> shown[0]++);

        assertEquals(List.of(PreSorter.PIECE, PreSorter.PIECE, 5), asked, "pieces of at most " + PreSorter.PIECE);
        assertEquals(3, shown[0], "the grid is told after every piece");
        assertTrue(lines.contains("Run 'r' is classifying 261 images in the inbox …"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Run 'r' is classifying 128 of 261 images in the inbox · about")
                && l.endsWith(" left …")), lines.toString());
        assertTrue(lines.get(lines.size() - 1).startsWith("Run 'r' pre-sorted the inbox"), lines.toString());
        assertEquals("cat", sorter.predicted(inbox.get(n - 1)));

        asked.clear();
        sorter.predictMissing(() -> inbox, () -> shown[0]++);
        assertEquals(List.of(), asked, "what is predicted is not asked again");
    }

    @Test
    void theTimeLeftFollowsTheSpeedSoFar() {
        long start = System.nanoTime() - 10_000_000_000L; // ten seconds ago
        String s = new PreSorter.Progress(10_000, 1_000, start).sentence("r");
        assertTrue(s.startsWith("Run 'r' is classifying 1,000 of 10,000 images in the inbox · about "), s);
        assertTrue(s.contains("about 2 min left") || s.contains("about 1 min left"), s); // 9,000 at 100/s = 90 s
    }
}
