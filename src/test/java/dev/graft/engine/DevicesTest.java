package dev.graft.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** Device choice: auto falls back to the CPU and says why; an explicit GPU never falls back. */
class DevicesTest {

    @Test
    void autoUsesTheFirstGpuOrTheCpuWithTheReason() {
        assertEquals(Device.gpu(0), Devices.resolve("auto", 2).device());
        Devices.Choice cpu = Devices.resolve("auto", 0);
        assertEquals(Device.cpu(), cpu.device());
        assertTrue(cpu.reason().startsWith("CPU (auto: "), cpu.reason());
        assertTrue(cpu.reason().contains("CPU build"), "this machine loads the CPU libtorch: " + cpu.reason());
        assertTrue(Devices.describe(cpu).startsWith("CPU ("), Devices.describe(cpu));
    }

    @Test
    void anExplicitGpuFailsWithInstructionsInsteadOfFallingBack() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.resolve("gpu", 0));
        assertTrue(e.getMessage().contains("no usable GPU"), e.getMessage());
        assertTrue(e.getMessage().contains("PYTORCH_LIBRARY_PATH") && e.getMessage().contains("cu128"), e.getMessage());
        assertTrue(e.getMessage().contains("--device cpu"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Devices.choose("gpu"), "the real engine has no GPU here");
    }

    @Test
    void aSpecificGpuIsChosenByNumber() {
        assertEquals(Device.gpu(1), Devices.resolve("gpu1", 2).device());
        assertEquals(Device.gpu(0), Devices.resolve("GPU", 1).device());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.resolve("gpu3", 2));
        assertTrue(e.getMessage().contains("no GPU 3") && e.getMessage().contains("0 to 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Devices.resolve("tpu", 2));
        assertEquals(Device.cpu(), Devices.choose("cpu"));
    }
}
