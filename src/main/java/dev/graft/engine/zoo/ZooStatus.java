package dev.graft.engine.zoo;

import java.nio.file.Path;

/**
 * Where a zoo backbone stands on this machine.
 *
 * @param state what can be done with it
 * @param directory its folder in DJL's cache (whether or not it exists)
 * @param downloadBytes bytes a download fetches
 * @param detail in words: what is missing and from where, why it is unavailable, or what is
 *     wrong with the cached copy
 */
public record ZooStatus(State state, Path directory, long downloadBytes, String detail) {

    /** The states the catalogue shows. */
    public enum State {
        /** Downloaded, verified: usable offline. */
        CACHED,
        /** Not downloaded; the repository answered, so it can be downloaded now. */
        DOWNLOADABLE,
        /** Not downloaded and the repository was not asked (no network check was made). */
        NOT_DOWNLOADED,
        /** Not downloaded and the repository cannot be reached (or Graft is offline). */
        UNAVAILABLE_OFFLINE,
        /** The repository answered but does not offer it as Graft expects (or its metadata was refused). */
        UNAVAILABLE,
        /** A cached copy exists but does not match what was verified at download. */
        CORRUPT;

        /** @return the word used by {@code graft models} and in JSON */
        public String word() {
            return switch (this) {
                case CACHED -> "cached";
                case DOWNLOADABLE -> "downloadable";
                case NOT_DOWNLOADED -> "not downloaded";
                case UNAVAILABLE_OFFLINE -> "unavailable offline";
                case UNAVAILABLE -> "unavailable";
                case CORRUPT -> "corrupt";
            };
        }
    }

    /** @return true when training can use it without a download */
    public boolean usable() {
        return state == State.CACHED;
    }
}
