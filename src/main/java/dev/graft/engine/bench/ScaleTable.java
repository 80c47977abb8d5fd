package dev.graft.engine.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The scale bench's numbers as the Markdown table of docs/numbers.md, with the flatness of each cost. */
final class ScaleTable {

    private ScaleTable() {}

    /**
     * Formats the bench's results.
     *
     * @param results what {@link ScaleBench#run} returned
     * @return Markdown
     */
    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> results) {
        Map<String, Map<String, Object>> sizes = (Map<String, Map<String, Object>>) results.get("sizes");
        StringBuilder b = new StringBuilder();
        b.append("Machine: ").append(results.get("machine")).append("; load average ")
                .append(results.get("loadAverageAtStart")).append(" at the start, ")
                .append(results.get("loadAverageAtEnd")).append(" at the end.\n\n");
        b.append("| images | load | scan | `graft check` | head-only pass: img/s (raw forward, ratio) |"
                + " head-only run: s, ms/image, peak MB | default recipe pass: img/s (raw, ratio) |"
                + " default: after-pass ms per image-epoch, peak MB | pre-sorting: img/s, peak MB |\n");
        b.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Map<String, Object>> e : sizes.entrySet()) {
            Map<String, Object> r = e.getValue();
            b.append("| ").append(String.format(Locale.ROOT, "%,d", Integer.parseInt(e.getKey()))).append(" | ")
                    .append(r.get("loadAverage")).append(" | ")
                    .append(simple((Map<String, Object>) r.get("scan"))).append(" | ")
                    .append(simple((Map<String, Object>) r.get("check"))).append(" | ")
                    .append(pass((Map<String, Object>) r.get("headOnly"))).append(" | ")
                    .append(run((Map<String, Object>) r.get("headOnly"))).append(" | ")
                    .append(pass((Map<String, Object>) r.get("defaultRecipe"))).append(" | ")
                    .append(rest((Map<String, Object>) r.get("defaultRecipe"))).append(" | ")
                    .append(presort((Map<String, Object>) r.get("presort"))).append(" |\n");
        }
        b.append('\n');
        for (String line : flatness(sizes)) {
            b.append("- ").append(line).append('\n');
        }
        return b.toString();
    }

    private static String simple(Map<String, Object> p) {
        return p == null ? "–" : String.format(Locale.ROOT, "%.1f s · %.0f img/s · %s MB", num(p, "seconds"),
                num(p, "imagesPerSecond"), p.get("peakResidentMb"));
    }

    private static String pass(Map<String, Object> t) {
        return t == null ? "–" : String.format(Locale.ROOT, "%.1f (%.1f, %.2f×)", num(t, "passImagesPerSecond"),
                num(t, "rawForwardImagesPerSecond"), num(t, "passToRawForward"));
    }

    private static String run(Map<String, Object> t) {
        return t == null ? "–" : String.format(Locale.ROOT, "%.0f s · %.1f ms · %s MB", num(t, "seconds"),
                num(t, "msPerImage"), t.get("peakResidentMb"));
    }

    private static String rest(Map<String, Object> t) {
        return t == null ? "–" : String.format(Locale.ROOT, "%.1f ms · %s MB", num(t, "afterPassMsPerImageEpoch"),
                t.get("peakResidentMb"));
    }

    private static String presort(Map<String, Object> p) {
        return p == null ? "–" : String.format(Locale.ROOT, "%,d images: %.1f img/s · %s MB",
                (int) num(p, "images"), num(p, "imagesPerSecond"), p.get("peakResidentMb"));
    }

    /** Cost per image at the largest size against the smallest, phase by phase. */
    @SuppressWarnings("unchecked")
    static List<String> flatness(Map<String, Map<String, Object>> sizes) {
        List<String> out = new ArrayList<>();
        String[][] costs = {
            {"scan", null, "seconds", "scan, time per image"},
            {"check", null, "seconds", "`graft check`, time per image"},
            {"headOnly", null, "passSeconds", "head-only feature pass, time per image"},
            {"headOnly", null, "seconds", "head-only run (30 epochs unless said), time per image"},
            {"defaultRecipe", null, "afterPassMsPerImageEpoch", "default recipe after its pass, per image and epoch"},
        };
        List<String> keys = new ArrayList<>(sizes.keySet());
        for (String[] c : costs) {
            String first = null;
            String last = null;
            for (String k : keys) {
                if (sizes.get(k).get(c[0]) instanceof Map) {
                    if (first == null) {
                        first = k;
                    }
                    last = k;
                }
            }
            if (first == null || first.equals(last)) {
                continue;
            }
            double a = perImage((Map<String, Object>) sizes.get(first).get(c[0]), c[2], Integer.parseInt(first));
            double z = perImage((Map<String, Object>) sizes.get(last).get(c[0]), c[2], Integer.parseInt(last));
            out.add(String.format(Locale.ROOT, "%s: %,d images %.2f ms, %,d images %.2f ms (%.2f×)", c[3],
                    Integer.parseInt(first), a, Integer.parseInt(last), z, z / a));
        }
        return out;
    }

    private static double perImage(Map<String, Object> p, String key, int images) {
        double v = num(p, key);
        return key.startsWith("afterPass") ? v : v * 1000 / images;
    }

    private static double num(Map<String, Object> p, String key) {
        return p.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
