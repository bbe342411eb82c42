package io.blufio;

/** The version of this build, read from the jar manifest ({@code Implementation-Version}). */
public final class Version {
    private Version() {}

    /** Returns the version, e.g. {@code 0.1.0}, or {@code dev} when run from classes outside a jar. */
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
