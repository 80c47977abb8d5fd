package dev.graft.ui.shell;

import javafx.animation.AnimationTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A developer's measurement of the window's smoothness, switched on with
 * {@code -Dgraft.pulseLog=SECONDS}: every SECONDS it prints the longest gap between two pulses of the
 * JavaFX thread in that time ("longest UI pause in the last 5 s: 34 ms"). A gap over 100 ms is a
 * pause a user sees, e.g. while scrolling a grid of 30,000 images. Off by default: it keeps the
 * pulses running, which costs the idle window CPU time.
 */
final class PulseWatch extends AnimationTimer {

    /** The system property that switches it on, in seconds per log line. */
    static final String PROPERTY = "graft.pulseLog";

    private static final Logger LOG = LoggerFactory.getLogger(PulseWatch.class);

    private final long windowNanos;
    private long last;
    private long windowStart;
    private long longest;

    private PulseWatch(double seconds) {
        this.windowNanos = (long) (seconds * 1e9);
    }

    /** Starts the watch when the property asks for it. */
    static void startIfAsked() {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            return;
        }
        try {
            double seconds = Double.parseDouble(value);
            if (seconds > 0) {
                new PulseWatch(seconds).start();
            }
        } catch (NumberFormatException e) {
            LOG.warn("-D{}={} is not a number of seconds; the pulse log stays off", PROPERTY, value);
        }
    }

    @Override
    public void handle(long now) {
        if (last != 0) {
            longest = Math.max(longest, now - last);
        }
        if (windowStart == 0) {
            windowStart = now;
        } else if (now - windowStart >= windowNanos) {
            // asked for on the command line, so printed where the answer is read (like the first frame's time)
            System.out.printf(java.util.Locale.ROOT, "graft: longest UI pause in the last %d s: %d ms%n",
                    Math.round(windowNanos / 1e9), longest / 1_000_000);
            windowStart = now;
            longest = 0;
        }
        last = now;
    }
}
