package dev.graft.cli;

import static dev.graft.core.run.EventFields.eta;

import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.util.Locale;

/** The human view of the event stream: a progress bar on a terminal, one line per epoch otherwise. */
final class ProgressPrinter {

    private final PrintStream out;
    private final boolean terminal;
    private boolean midLine;

    ProgressPrinter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void accept(JsonObject e) {
        switch (e.get("type").getAsString()) {
            case "run_started" -> line(String.format(Locale.ROOT,
                    "run %s%n  %d classes, %d training / %d validation images, %d files skipped; device %s%n"
                            + "  %,d of %,d parameters train; %s",
                    s(e, "runDir"), e.getAsJsonArray("classes").size(), i(e, "trainImages"), i(e, "valImages"),
                    i(e, "skippedFiles"), s(e, "device"), (long) d(e, "trainableParameters"),
                    (long) d(e, "totalParameters"), s(e, "note")));
            case "caching" -> {
                if (terminal) {
                    out.printf(Locale.ROOT, "\rcomputing backbone features once: %d/%d images   ", i(e, "done"),
                            i(e, "total"));
                    out.flush();
                    midLine = true;
                }
            }
            case "batch" -> {
                if (terminal) {
                    int width = 24;
                    int filled = (int) Math.round(width * i(e, "batch") / (double) i(e, "batches"));
                    out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] loss %.4f acc %.3f | %.1f img/s | ETA %s   ",
                            i(e, "epoch"), i(e, "epochs"), "#".repeat(filled), "-".repeat(width - filled),
                            d(e, "loss"), d(e, "accuracy"), d(e, "imagesPerSecond"), eta(d(e, "etaSeconds")));
                    out.flush();
                    midLine = true;
                }
            }
            case "epoch" -> line(String.format(Locale.ROOT,
                    "epoch %d/%d  loss %.4f  acc %.3f  val_loss %.4f  val_acc %.3f  %.0f img/s  %.2fs  rss %d MB",
                    i(e, "epoch"), i(e, "epochs"), d(e, "loss"), d(e, "accuracy"), d(e, "valLoss"),
                    d(e, "valAccuracy"), d(e, "imagesPerSecond"), d(e, "seconds"), (long) d(e, "residentMemoryMb")));
            case "warning" -> line("warning: " + s(e, "message")
                    + (e.has("file") ? " " + s(e, "file") + ": " + s(e, "reason") : ""));
            case "checkpoint" -> {
                if (e.get("partial").getAsBoolean()) {
                    line("stopped: checkpoint written to " + s(e, "path"));
                }
            }
            case "finished" -> line(String.format(Locale.ROOT, "%s after %d epochs in %.1fs: val_acc %.3f%n  model: %s",
                    s(e, "status"), i(e, "epochsCompleted"), d(e, "seconds"), d(e, "valAccuracy"), s(e, "modelDir")));
            case "failed" -> line("failed: " + s(e, "cause") + (e.has("hint") ? "\n  " + s(e, "hint") : ""));
            default -> { }
        }
    }

    private void line(String text) {
        if (midLine) {
            out.println();
            midLine = false;
        }
        out.println(text);
    }

    private static String s(JsonObject e, String k) {
        return e.has(k) && !e.get(k).isJsonNull() ? e.get(k).getAsString() : "";
    }

    private static int i(JsonObject e, String k) {
        return e.has(k) ? e.get(k).getAsInt() : 0;
    }

    private static double d(JsonObject e, String k) {
        return e.has(k) && !e.get(k).isJsonNull() ? e.get(k).getAsDouble() : Double.NaN;
    }
}
