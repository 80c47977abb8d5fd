package dev.graft.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Epoch ticks are whole numbers with at most about ten of them. */
class ChartsTest {

    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(1, Charts.niceStep(1));
        assertEquals(1, Charts.niceStep(10));
        assertEquals(2, Charts.niceStep(12));
        assertEquals(5, Charts.niceStep(30));
        assertEquals(10, Charts.niceStep(100));
        assertEquals(50, Charts.niceStep(500));
        assertEquals(1000, Charts.niceStep(10_000));
    }
}
