package io.blufio.llm;

import io.blufio.Sleeper;
import io.blufio.config.LlmConfig;
import io.blufio.config.OpenAiConfig;
import java.net.URI;
import java.util.Locale;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Any OpenAI-compatible Chat Completions endpoint ({@code POST {base_url}/chat/completions}, streamed with
 * {@code stream_options.include_usage}; {@link OpenAiProtocol}) on the JDK HTTP client. {@code base_url}
 * includes {@code /v1}. OpenAI caches prompt prefixes by itself; {@code prompt_tokens_details.cached_tokens}
 * becomes {@link Usage#cacheReadTokens()} and is taken out of {@link Usage#inputTokens()}, which counts
 * uncached input only. Servers that send no usage get estimated counts ({@link TokenEstimate}).
 *
 * <p>The key is required for {@code api.openai.com}; other hosts (Ollama, vLLM) may run without one.
 * Thread-safe: one instance serves every session.
 */
public final class OpenAiProvider implements Provider {
    private final String model;
    private final ProviderFailures failures;
    private final OpenAiProtocol protocol;
    private final StreamingCall call; // null when a required key is missing

    /** Creates the provider from {@code [llm]} and {@code [llm.openai]}. */
    public OpenAiProvider(LlmConfig llm) {
        this(llm, Sleeper.SYSTEM, new Random());
    }

    /** For tests: retry waits go to {@code sleeper}, jitter comes from {@code random}. */
    OpenAiProvider(LlmConfig llm, Sleeper sleeper, RandomGenerator random) {
        OpenAiConfig cfg = llm.openai();
        this.model = cfg.model();
        URI baseUrl = URI.create(cfg.baseUrl());
        Vendor vendor = new Vendor("OpenAI", "OPENAI_API_KEY", "llm.openai", baseUrl);
        this.failures = new ProviderFailures(vendor, llm.requestTimeout());
        this.protocol = new OpenAiProtocol(cfg, llm.requestTimeout(), failures);
        boolean noKey = cfg.apiKey() == null || cfg.apiKey().isBlank();
        if (noKey && keyRequired(baseUrl)) {
            this.call = null;
            return;
        }
        LlmHttp http = new LlmHttp(vendor, new RetryPolicy(llm.maxRetries(), random), sleeper, failures);
        this.call = new StreamingCall(protocol, http, vendor, failures, llm.requestTimeout(), cfg.model());
    }

    @Override
    public String name() {
        return "openai";
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

    /** Returns true for OpenAI's own API, which refuses calls without a key. */
    static boolean keyRequired(URI baseUrl) {
        String host = baseUrl.getHost() == null ? "" : baseUrl.getHost().toLowerCase(Locale.ROOT);
        return host.equals("openai.com") || host.endsWith(".openai.com");
    }
}
