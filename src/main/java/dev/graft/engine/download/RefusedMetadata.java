package dev.graft.engine.download;

import java.io.IOException;

/**
 * The repository's metadata was read but is refused (not a network problem). A type of its own so
 * that a refusal (the repository answered, wrongly) can be told from an unreachable repository.
 */
public final class RefusedMetadata extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * A refusal.
     *
     * @param message why, in words
     */
    public RefusedMetadata(String message) {
        super(message);
    }
}
