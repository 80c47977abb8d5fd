package dev.graft.ui.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.core.eval.CalibrationReport;
import dev.graft.core.eval.TemperatureScaling;
import dev.graft.core.model.ModelFiles;
import dev.graft.core.util.Json;
import dev.graft.ui.common.Background;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Results' calibration numbers, read from a model folder's real calibration.json. */
class CalibrationViewModelTest {

    @TempDir
    Path tmp;

    /** An overconfident model's validation split: labels drawn at temperature 2.5. */
    private static CalibrationReport overconfident() {
        Random r = new Random(2);
        float[][] z = new float[300][4];
        int[] y = new int[300];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < 4; j++) {
                z[i][j] = (float) (r.nextGaussian() * 2 + (j == i % 4 ? 6 : 0));
            }
            float[] p = TemperatureScaling.softmax(z[i], 2.5);
            double u = r.nextDouble();
            int k = 0;
            for (double acc = p[0]; acc < u && k < 3; acc += p[++k]) {
                // the label drawn from p
            }
            y[i] = k;
        }
        return TemperatureScaling.calibrate(z, y);
    }

    @Test
    void showsTheTemperatureAndTheEceBeforeAndAfter() throws Exception {
        CalibrationReport written = overconfident();
        Files.writeString(tmp.resolve(ModelFiles.CALIBRATION), Json.PRETTY.toJson(written));
        CalibrationViewModel vm = new CalibrationViewModel(Background.sameThread());
        vm.show(tmp);
        CalibrationReport shown = vm.reportProperty().get();
        assertEquals(written.temperature(), shown.temperature(), 1e-12);
        assertEquals(written.eceBefore(), shown.eceBefore(), 1e-12);
        assertEquals(written.after().counts()[9], shown.after().counts()[9]);
        String s = vm.summaryProperty().get();
        assertTrue(s.contains(String.format(Locale.ROOT, "temperature %.2f, the network was too sure",
                written.temperature())), s);
        assertTrue(s.contains(String.format(Locale.ROOT, "expected calibration error %.3f → %.3f on 300 validation"
                + " images", written.eceBefore(), written.eceAfter())), s);
        assertTrue(written.eceAfter() < written.eceBefore());
        vm.clear();
        assertNull(vm.reportProperty().get());
        assertEquals("", vm.summaryProperty().get());
    }

    @Test
    void aModelWithoutCalibrationSaysHowToCalibrateIt() {
        CalibrationViewModel vm = new CalibrationViewModel(Background.sameThread());
        vm.show(tmp);
        assertNull(vm.reportProperty().get());
        assertTrue(vm.summaryProperty().get().startsWith("Not calibrated") && vm.summaryProperty().get()
                .contains("graft calibrate"), vm.summaryProperty().get());
    }

    @Test
    void aSmallSplitSaysWhyTheTemperatureStayedOne() throws Exception {
        float[][] z = {{2, 0}, {0, 3}, {1, 0}};
        Files.writeString(tmp.resolve(ModelFiles.CALIBRATION), Json.PRETTY.toJson(TemperatureScaling.calibrate(z,
                new int[] {0, 1, 1})));
        CalibrationViewModel vm = new CalibrationViewModel(Background.sameThread());
        vm.show(tmp);
        String s = vm.summaryProperty().get();
        assertTrue(s.startsWith("Probabilities as the network gives them (temperature 1, 3 validation images, fewer"
                + " than the 20"), s);
        assertTrue(s.contains("expected calibration error ") && !s.contains("→"), s);
    }

    @Test
    void anUnreadableFileIsSaidPlainly() throws Exception {
        Files.writeString(tmp.resolve(ModelFiles.CALIBRATION), "{not json");
        CalibrationViewModel vm = new CalibrationViewModel(Background.sameThread());
        vm.show(tmp);
        assertTrue(vm.summaryProperty().get().startsWith("Cannot read the model's calibration"),
                vm.summaryProperty().get());
    }
}
