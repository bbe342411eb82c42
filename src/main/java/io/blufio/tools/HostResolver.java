package io.blufio.tools;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves a host name to its addresses; {@link #SYSTEM} asks the operating system. Tests pass their own. */
@FunctionalInterface
public interface HostResolver {
    /** The system resolver ({@link InetAddress#getAllByName}). */
    HostResolver SYSTEM = InetAddress::getAllByName;

    /** Returns every address of {@code host} (at least one). */
    InetAddress[] resolve(String host) throws UnknownHostException;
}
