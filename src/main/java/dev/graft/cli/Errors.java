package dev.graft.cli;

import dev.graft.core.run.Failures;

/** Turns exceptions into one line a user can act on. */
final class Errors {

    private Errors() {}

    static String describe(Throwable ex) {
        return Failures.describe(ex);
    }
}
