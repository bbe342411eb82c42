package io.blufio.channel.gateway;

import java.io.IOException;

/** Answers one request. May throw {@link ApiError} for a JSON error answer; other exceptions answer 500. */
@FunctionalInterface
public interface Handler {
    /** Handles {@code req}, writing the answer with its {@code respond*} methods. */
    void handle(Request req) throws IOException;
}
