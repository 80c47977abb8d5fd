package dev.graft.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON other programs read ({@code --json}) is JSON: no NaN, no silently missing fields. */
class JsonTest {

    record Scores(double accuracy, double[] precision, Double loss, float confidence) {}

    @Test
    void numbersThatAreNotFiniteAreNullAndReadBackAsNaN() {
        Scores s = new Scores(Double.NaN, new double[] {0.5, Double.NaN}, Double.POSITIVE_INFINITY, Float.NaN);
        String json = Json.PORTABLE.toJson(s);
        assertFalse(json.contains("NaN") || json.contains("Infinity"), json);
        assertTrue(json.contains("\"accuracy\": null"), "the field is there, as null: " + json);
        Scores back = Json.PORTABLE.fromJson(json, Scores.class);
        assertTrue(Double.isNaN(back.accuracy()));
        assertEquals(0.5, back.precision()[0]);
        assertTrue(Double.isNaN(back.precision()[1]));
        assertNull(back.loss());
        assertTrue(Float.isNaN(back.confidence()));
        assertEquals("{\n  \"k\": null\n}", Json.PORTABLE.toJson(Map.of("k", Double.NaN)));
    }
}
