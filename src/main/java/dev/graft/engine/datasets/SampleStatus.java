package dev.graft.engine.datasets;

import java.nio.file.Path;

/**
 * Where a sample dataset stands on this computer.
 *
 * @param state what can be done with it
 * @param trainFolder its training split's folder (whether or not it exists)
 * @param testFolder its test split's folder (whether or not it exists)
 * @param downloadBytes bytes a fetch downloads (0 when unknown)
 * @param licence the licence DJL's repository metadata names, or null when it was not read
 * @param detail in words: where it is, what is missing and from where, or why it is unavailable
 */
public record SampleStatus(State state, Path trainFolder, Path testFolder, long downloadBytes, String licence,
        String detail) {

    /** The states the list shows. */
    public enum State {
        /** On this computer as class folders: opens at once. */
        READY,
        /** Downloaded but not yet written as class folders (a fetch was interrupted); finishing needs no network. */
        PARTLY_FETCHED,
        /** Not fetched; the repository answered, so it can be fetched now. */
        DOWNLOADABLE,
        /** Not fetched, and the repository was not asked. */
        NOT_FETCHED,
        /** Not fetched, and Graft is offline or the repository cannot be reached. */
        UNAVAILABLE_OFFLINE,
        /** Cannot be had: the repository answered wrongly, or a bundled or fetched folder is missing parts. */
        UNAVAILABLE;

        /** @return the word {@code graft datasets list} and its JSON use */
        public String word() {
            return switch (this) {
                case READY -> "ready";
                case PARTLY_FETCHED -> "partly fetched";
                case DOWNLOADABLE -> "downloadable";
                case NOT_FETCHED -> "not fetched";
                case UNAVAILABLE_OFFLINE -> "unavailable offline";
                case UNAVAILABLE -> "unavailable";
            };
        }
    }

    /** @return true when its folders can be opened now */
    public boolean ready() {
        return state == State.READY;
    }

    /** @return true when a fetch can start now (it may still fail) */
    public boolean fetchable() {
        return state == State.DOWNLOADABLE || state == State.NOT_FETCHED || state == State.PARTLY_FETCHED;
    }
}
