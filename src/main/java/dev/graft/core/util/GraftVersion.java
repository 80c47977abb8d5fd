package dev.graft.core.util;

/** Graft's version, as the command line reports it and exported models record it. */
public final class GraftVersion {

    /** The version. */
    public static final String VERSION = "0.1.0";

    private GraftVersion() {}
}
