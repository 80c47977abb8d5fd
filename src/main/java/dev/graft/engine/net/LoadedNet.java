package dev.graft.engine.net;

import ai.djl.Model;

/**
 * A network together with the DJL model that owns its tensors. Close it to free native memory.
 *
 * @param net the network and its layer names
 * @param model the DJL model (PyTorch engine) whose block is {@code net.network()}
 */
public record LoadedNet(GraftNet net, Model model) implements AutoCloseable {

    @Override
    public void close() {
        model.close();
    }
}
