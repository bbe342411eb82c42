package io.blufio.llm;

import java.time.Clock;
import java.time.Instant;

/**
 * A {@link Provider} that remembers how its last call went, for health reports. Adds no I/O and no
 * waiting; reading the state is free.
 */
public final class ProviderStatus implements Provider {
    private final Provider inner;
    private final Clock clock;
    private final boolean keyPresent;
    private volatile Instant lastOkAt;
    private volatile Instant lastErrorAt;
    private volatile String lastError;

    /** @param keyPresent whether an API key was configured (without one every call fails with {@code llm_auth}) */
    public ProviderStatus(Provider inner, boolean keyPresent, Clock clock) {
        this.inner = inner;
        this.keyPresent = keyPresent;
        this.clock = clock;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public String model() {
        return inner.model();
    }

    @Override
    public ChatResult chat(ChatRequest request, StreamListener listener) {
        try {
            ChatResult r = inner.chat(request, listener);
            lastOkAt = clock.instant();
            lastError = null;
            return r;
        } catch (LlmException e) {
            lastErrorAt = clock.instant();
            lastError = e.code() + ": " + e.getMessage();
            throw e;
        }
    }

    /** Returns true when an API key is configured. */
    public boolean keyPresent() {
        return keyPresent;
    }

    /** Returns when the last call succeeded, or null. */
    public Instant lastOkAt() {
        return lastOkAt;
    }

    /** Returns when the last call failed, or null. */
    public Instant lastErrorAt() {
        return lastErrorAt;
    }

    /** Returns the last call's error ({@code code: message}) while the provider has not succeeded since, else null. */
    public String lastError() {
        return lastError;
    }
}
