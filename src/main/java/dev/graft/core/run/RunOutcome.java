package dev.graft.core.run;

import com.google.gson.annotations.SerializedName;

/**
 * How a run stands or ended: the one vocabulary of the finished event, {@code status.json}, the
 * history and the results. In files and events each is written as its lower-case word.
 */
public enum RunOutcome {
    /** Trained every epoch. */
    @SerializedName("completed") COMPLETED,
    /** Stopped before its last epoch (on request, or its supervisor ended); keeps what it trained. */
    @SerializedName("stopped") STOPPED,
    /** The training process reported a failure. */
    @SerializedName("failed") FAILED,
    /** The training process died without a word (signal, native crash, killed). */
    @SerializedName("crashed") CRASHED,
    /** Its folder is locked by a live training process. */
    @SerializedName("running") RUNNING,
    /** Ended without saying how (an older version, or killed together with its supervisor). */
    @SerializedName("incomplete") INCOMPLETE,
    /** Its folder cannot be read. */
    @SerializedName("broken") BROKEN;

    /** @return the word files and messages use ("completed") */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return true for the two outcomes after which a run can have a model */
    public boolean canHaveModel() {
        return this == COMPLETED || this == STOPPED;
    }

    @Override
    public String toString() {
        return word();
    }
}
