package dev.graft.cli;

import dev.graft.core.run.RunEvent;
import dev.graft.core.util.Durations;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The human view of the event stream: on a terminal one line that updates in place (a progress bar
 * with the time left); piped into a file or another program, a plain line per epoch and, in between,
 * a progress line at most every {@link #PIPED_EVERY_SECONDS} seconds, so a log shows a long feature
 * pass or a long epoch moving.
 */
final class ProgressPrinter implements RunEvent.Handler {

    /** How often progress is printed as its own line when the output is not a terminal. */
    static final int PIPED_EVERY_SECONDS = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final java.util.function.LongSupplier nanoTime;
    private boolean midLine;
    private long lastPipedLine = Long.MIN_VALUE;
    private dev.graft.core.run.RunSpeeds.Speed speed;
    private int epochs;
    private int trainImages;
    /** What the run's first once-only pass computes (the whole run's time left follows only it). */
    private String firstPass;

    ProgressPrinter(PrintStream out, boolean terminal) {
        this(out, terminal, System::nanoTime);
    }

    ProgressPrinter(PrintStream out, boolean terminal, java.util.function.LongSupplier nanoTime) {
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
    }

    /**
     * How fast this kind of recipe ran before on this machine: the run's start then says how long the
     * whole run will take, and the pass through the frozen stages adds the epochs' time to its ETA.
     *
     * @param speed the remembered speed, or null
     * @param epochs the recipe's epochs
     */
    void expect(dev.graft.core.run.RunSpeeds.Speed speed, int epochs) {
        this.speed = speed;
        this.epochs = epochs;
    }

    /** True when a piped progress line is due (the first one at once, then every 30 s). */
    private boolean pipedLineDue(boolean last) {
        long now = nanoTime.getAsLong();
        if (last || lastPipedLine == Long.MIN_VALUE || now - lastPipedLine >= PIPED_EVERY_SECONDS * 1_000_000_000L) {
            lastPipedLine = now;
            return true;
        }
        return false;
    }

    @Override
    public void runStarted(RunEvent.RunStarted e) {
        line(String.format(Locale.ROOT, "  '%s': %d classes, %d training / %d validation images, %d files skipped;"
                + " device %s%n  %,d of %,d parameters train; %s", e.name(), e.classes().size(), e.trainImages(),
                e.valImages(), e.skippedFiles(), e.device(), e.trainableParameters(), e.totalParameters(), e.note()));
        trainImages = e.trainImages();
        String estimate = dev.graft.core.run.RunSpeeds.describe(speed, e.trainImages(), e.valImages(), epochs);
        if (estimate != null) {
            line("  estimated time: " + estimate);
        }
    }

    @Override
    public void caching(RunEvent.Caching e) {
        String rate = e.imagesPerSecond() == null ? "" : String.format(Locale.ROOT, " · %.1f img/s",
                e.imagesPerSecond());
        if (firstPass == null) {
            firstPass = e.what();
        }
        // the whole run's time left is the first pass's ETA plus the epochs; the later passes are short
        String text = String.format(Locale.ROOT, "%s: %,d/%,d (%d %%)%s · ETA %s", e.what(), e.done(),
                e.total(), e.total() == 0 ? 100 : 100L * e.done() / e.total(), rate, Durations.format(e.etaSeconds()))
                + (e.what().equals(firstPass) ? dev.graft.core.run.RunSpeeds.wholeRunLeft(speed, e.etaSeconds(),
                        epochs, trainImages) : "");
        if (terminal) {
            out.print("\r" + text + "   ");
            out.flush();
            midLine = true;
        } else if (e.done() > 0 && pipedLineDue(e.done() == e.total())) {
            line(text);
        }
    }

    @Override
    public void batch(RunEvent.Batch e) {
        if (!terminal) {
            if (e.batch() < e.batches() && pipedLineDue(false)) {
                line(String.format(Locale.ROOT, "epoch %d/%d: batch %d/%d  loss %.4f  acc %.3f  %.1f img/s  ETA %s",
                        e.epoch(), e.epochs(), e.batch(), e.batches(), e.loss(), e.accuracy(), e.imagesPerSecond(),
                        Durations.format(e.etaSeconds())));
            }
            return;
        }
        if (terminal) {
            int width = 24;
            int filled = (int) Math.round(width * e.batch() / (double) e.batches());
            out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] loss %.4f acc %.3f | %.1f img/s | ETA %s   ", e.epoch(),
                    e.epochs(), "#".repeat(filled), "-".repeat(width - filled), e.loss(), e.accuracy(),
                    e.imagesPerSecond(), Durations.format(e.etaSeconds()));
            out.flush();
            midLine = true;
        }
    }

    @Override
    public void epoch(RunEvent.Epoch e) {
        String val = e.valAccuracy() == null ? "no validation split"
                : String.format(Locale.ROOT, "val_loss %.4f  val_acc %.3f", e.valLoss(), e.valAccuracy());
        line(String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  acc %.3f  %s  %.0f img/s  %.2fs  rss %d MB",
                e.epoch(), e.epochs(), e.loss(), e.accuracy(), val, e.imagesPerSecond(), e.seconds(),
                e.residentMemoryMb()));
    }

    @Override
    public void warning(RunEvent.Warning e) {
        line("warning: " + e.message() + (e.file() != null ? " " + e.file() + ": " + e.reason() : ""));
    }

    @Override
    public void checkpoint(RunEvent.Checkpoint e) {
        if (e.partial()) {
            line("stopped: the partly trained epoch is kept in " + e.path());
        }
    }

    @Override
    public void finished(RunEvent.Finished e) {
        String acc = e.valAccuracy() == null ? "" : String.format(Locale.ROOT, ": val_acc %.3f", e.valAccuracy());
        String what = e.stopped() ? "stopped (" + dev.graft.core.run.StopSignal.inWords(e.reason()) + ")" : "completed";
        line(String.format(Locale.ROOT, "%s after %d epoch%s in %.1fs%s%n  model: %s", what, e.epochsCompleted(),
                e.epochsCompleted() == 1 ? "" : "s", e.seconds(), acc,
                e.modelDir() == null ? "none (no epoch completed)"
                        : e.modelDir() + (e.warmUpPublished() ? " (the head warm-up: see the warning above)" : "")));
    }

    @Override
    public void failed(RunEvent.Failed e) {
        line("failed: " + e.cause() + (e.hint() != null ? "\n  " + e.hint() : ""));
    }

    private void line(String text) {
        if (midLine) {
            out.println();
            midLine = false;
        }
        out.println(text);
    }
}
