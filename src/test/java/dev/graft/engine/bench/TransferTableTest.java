package dev.graft.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The preset table: one line per preset, epoch count and view count, with mean and range over seeds,
 * and one column per test folder.
 */
class TransferTableTest {

    @Test
    void groupsSeedsAndShowsMeanAndRange() {
        List<TransferTable.Row> rows = List.of(
                new TransferTable.Row("head only", 3, 1, 0, 0.5, null, List.of(0.6, 0.4), 10, "a"),
                new TransferTable.Row("last 2", 3, 1, 0, 0.7, true, List.of(0.7, 0.5), 20, "b"),
                new TransferTable.Row("head only", 3, 2, 0, 0.6, null, List.of(0.8, 0.6), 30, "c"),
                new TransferTable.Row("head only", 3, 1, 2, 0.9, null, List.of(0.9, 0.7), 40, "d"));
        String[] lines = TransferTable.markdown(rows, List.of("emoji-unseen", "other-style")).split("\n");
        assertEquals(5, lines.length);
        assertEquals("| preset | epochs | views | seeds | validation | warm-up kept | emoji-unseen | other-style | time |", lines[0]);
        assertEquals("| head only | 3 | 0 | 1,2 | 0.550 (0.500–0.600) | – | 0.700 (0.600–0.800) | 0.500 (0.400–0.600)"
                + " | 20 s (10 s–30 s) |",
                lines[2]);
        assertTrue(lines[3].startsWith("| last 2 | 3 | 0 | 1 | 0.700 | 1 of 1 |"), lines[3]);
        assertTrue(lines[4].startsWith("| head only | 3 | 2 | 1 | 0.900 |"), lines[4]);
    }

    @Test
    void aTableWithoutATestSetSaysSo() {
        List<TransferTable.Row> rows = List.of(new TransferTable.Row("last 1", 3, 1, 0, 0.5, false, List.of(), 10, "a"));
        String[] lines = TransferTable.markdown(rows, List.of()).split("\n");
        assertEquals("| last 1 | 3 | 0 | 1 | 0.500 | 0 of 1 | – | 10 s |", lines[2]);
    }
}
