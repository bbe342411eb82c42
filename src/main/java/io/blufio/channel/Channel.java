package io.blufio.channel;

/** A way in for messages. Started once by {@code serve}, stopped once at shutdown. */
public interface Channel {
    /** Returns the channel name used in session keys, metrics and health, e.g. {@code telegram}. */
    String name();

    /** Starts accepting messages. */
    void start();

    /** Stops accepting messages; safe to call twice. */
    void stop();

    /** Returns the cached state; never does I/O. */
    ChannelHealth health();
}
