package dev.graft.core.eval;

import java.util.Locale;
import java.util.Random;

/**
 * The measurement behind the small-set guard of {@link TemperatureScaling} (docs/calibration.md):
 * synthetic 5-class logits with labels drawn at a known temperature T0, 300 validation splits of
 * each size, each fitted temperature (without guard, and with it) scored on 20,000 fresh images.
 * Not a test; run it with {@code java -cp target/classes:target/test-classes
 * dev.graft.core.eval.GuardMeasurement}.
 */
public final class GuardMeasurement {

    private GuardMeasurement() {}

    /**
     * Prints the table.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Random r = new Random(11);
        System.out.println("T0 n | kept T=1 | fresh NLL: T=1 unguarded guarded T0 | fresh ECE: T=1 unguarded guarded");
        for (double t0 : new double[] {1.0, 1.5, 2.5}) {
            Object[] fresh = TemperatureScalingTest.sample(20000, 5, t0, r.nextLong());
            float[][] fz = (float[][]) fresh[0];
            int[] fy = (int[]) fresh[1];
            for (int n : new int[] {10, 20, 41, 100}) {
                int reps = 300;
                int kept = 0;
                double[] nll = new double[3];
                double[] ece = new double[3];
                for (int k = 0; k < reps; k++) {
                    Object[] s = TemperatureScalingTest.sample(n, 5, t0, r.nextLong());
                    double[] t = {1, TemperatureScaling.fit((float[][]) s[0], (int[]) s[1]),
                        TemperatureScaling.calibrate((float[][]) s[0], (int[]) s[1]).temperature()};
                    kept += t[2] == 1 ? 1 : 0;
                    for (int v = 0; v < 3; v++) {
                        nll[v] += TemperatureScaling.nll(fz, fy, t[v]) / reps;
                        ece[v] += Reliability.of(TemperatureScaling.softmax(fz, t[v]), fy).ece() / reps;
                    }
                }
                System.out.printf(Locale.ROOT, "%.1f %3d | %.2f | %.4f %.4f %.4f %.4f | %.4f %.4f %.4f%n", t0, n,
                        kept / (double) reps, nll[0], nll[1], nll[2], TemperatureScaling.nll(fz, fy, t0), ece[0], ece[1],
                        ece[2]);
            }
        }
    }
}
