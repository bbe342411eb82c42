package io.blufio.cli;

import io.blufio.Version;

/** What {@code blufio --version} prints; a class of its own so that printing it loads nothing else. */
final class VersionText {
    private VersionText() {}

    /** Returns blufio's version line and the Java runtime's. */
    static String[] lines() {
        return new String[] {"blufio " + Version.current(), "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
