package dev.graft.engine.zoo;

import java.io.IOException;

/**
 * The repository's metadata was read but is refused (not a network problem). A type of its own so
 * that a refusal ({@link ZooStatus.State#UNAVAILABLE}: the zoo answered, wrongly) can be told from
 * an unreachable zoo ({@link ZooStatus.State#UNAVAILABLE_OFFLINE}).
 */
final class RefusedMetadata extends IOException {
    private static final long serialVersionUID = 1L;

    RefusedMetadata(String message) {
        super(message);
    }
}
