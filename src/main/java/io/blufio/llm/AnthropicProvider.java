package io.blufio.llm;

import io.blufio.Sleeper;
import io.blufio.config.AnthropicConfig;
import io.blufio.config.LlmConfig;
import java.net.URI;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The Anthropic Messages API ({@code POST {base_url}/v1/messages}, streamed; {@link AnthropicProtocol}) on
 * the JDK HTTP client. With {@code llm.anthropic.prompt_caching} the system prompt and the tool list carry
 * {@code cache_control} (ephemeral). Usage counts cache reads and writes apart from uncached input tokens
 * (Anthropic's {@code input_tokens} already excludes them).
 *
 * <p>Thread-safe: one instance serves every session. A missing key is reported by {@link #chat} (code
 * {@code llm_auth}) without any request, so the daemon can still start and say so.
 */
public final class AnthropicProvider implements Provider {
    private final String model;
    private final ProviderFailures failures;
    private final AnthropicProtocol protocol;
    private final StreamingCall call; // null when no key is configured

    /** Creates the provider from {@code [llm]} and {@code [llm.anthropic]}. */
    public AnthropicProvider(LlmConfig llm) {
        this(llm, Sleeper.SYSTEM, new Random());
    }

    /** For tests: retry waits go to {@code sleeper}, jitter comes from {@code random}. */
    AnthropicProvider(LlmConfig llm, Sleeper sleeper, RandomGenerator random) {
        AnthropicConfig cfg = llm.anthropic();
        this.model = cfg.model();
        Vendor vendor = new Vendor("Anthropic", "ANTHROPIC_API_KEY", "llm.anthropic", URI.create(cfg.baseUrl()));
        this.failures = new ProviderFailures(vendor, llm.requestTimeout());
        this.protocol = new AnthropicProtocol(cfg, llm.requestTimeout(), failures);
        if (cfg.apiKey() == null || cfg.apiKey().isBlank()) {
            this.call = null;
            return;
        }
        LlmHttp http = new LlmHttp(vendor, new RetryPolicy(llm.maxRetries(), random), sleeper, failures);
        this.call = new StreamingCall(protocol, http, vendor, failures, llm.requestTimeout(), cfg.model());
    }

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public ChatResult chat(ChatRequest request, StreamListener listener) {
        if (call == null) throw failures.missingKey();
        byte[] body = protocol.body(request);
        return call.chat(body, request.estimateBytes(body.length), listener, request.modelOr(model()));
    }
}
