package dev.graft.ui.engine;

import dev.graft.engine.EngineReport;
import dev.graft.engine.process.EngineProbe;
import dev.graft.engine.process.EngineSettings;
import dev.graft.engine.process.NativeLibrary;
import java.io.IOException;

/** What the Engine panel needs of the engine (a seam for view-model tests). */
public interface EngineService {

    /**
     * Reports on the engine a training process would load with a setting (slow: off the UI
     * thread; the bundled setting is answered in this JVM, the others by a child JVM).
     *
     * @param natives the setting
     * @return the report
     * @throws InterruptedException if interrupted
     */
    EngineReport report(NativeLibrary natives) throws InterruptedException;

    /** @return the saved setting */
    NativeLibrary load();

    /**
     * Saves the setting for the next training processes.
     *
     * @param natives the setting
     * @throws IOException if it cannot be written
     */
    void save(NativeLibrary natives) throws IOException;

    /** @return the real engine and settings file */
    static EngineService real() {
        return new EngineService() {
            @Override
            public EngineReport report(NativeLibrary natives) throws InterruptedException {
                return natives.equals(NativeLibrary.DEFAULT) ? EngineReport.collect() : EngineProbe.run(natives, 1800);
            }

            @Override
            public NativeLibrary load() {
                return EngineSettings.load();
            }

            @Override
            public void save(NativeLibrary natives) throws IOException {
                EngineSettings.save(natives);
            }
        };
    }
}
