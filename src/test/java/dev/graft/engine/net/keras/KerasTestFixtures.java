package dev.graft.engine.net.keras;

import java.io.IOException;
import java.nio.file.Path;

/** Test fixtures of the Keras importer, for tests in other packages. */
public final class KerasTestFixtures {

    private KerasTestFixtures() {}

    /**
     * Writes a Teachable Machine export fixture (model.json, metadata.json, weights.bin).
     *
     * @param name {@code v1-0.25}, {@code v2-0.35}, …
     * @param dir an empty folder
     * @return the folder
     * @throws IOException on failure
     */
    public static Path teachableMachine(String name, Path dir) throws IOException {
        TeachableMachineFixtures.materialise(name, dir);
        return dir;
    }
}
