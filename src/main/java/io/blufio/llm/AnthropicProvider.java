package io.blufio.llm;

import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import io.blufio.config.AnthropicConfig;
import io.blufio.config.LlmConfig;
import java.net.URI;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The Anthropic Messages API ({@code POST {base_url}/v1/messages}, streamed), through LangChain4j's
 * {@link AnthropicStreamingChatModel} on blufio's own {@link JdkHttpClient}. With
 * {@code llm.anthropic.prompt_caching} the system prompt and the tool list carry {@code cache_control}
 * (ephemeral). Usage counts cache reads and writes separately from uncached input tokens.
 *
 * <p>Thread-safe: one instance serves every session. A missing key is reported by {@link #chat} (code
 * {@code llm_auth}) without any request, so the daemon can still start and say so.
 */
public final class AnthropicProvider implements Provider {
    private final String model;
    private final ProviderFailures failures;
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
        if (cfg.apiKey() == null || cfg.apiKey().isBlank()) {
            this.call = null;
            return;
        }
        var httpClientBuilder = new JdkHttpClientBuilder(vendor, llm.requestTimeout(), llm.maxRetries(), sleeper, random);
        var streamingModel = AnthropicStreamingChatModel.builder()
                .httpClientBuilder(httpClientBuilder)
                .baseUrl(messagesRoot(cfg.baseUrl()))
                .apiKey(cfg.apiKey())
                .modelName(cfg.model())
                .maxTokens(cfg.maxTokens())
                .cacheSystemMessages(cfg.promptCaching())
                .cacheTools(cfg.promptCaching())
                // no .timeout(..): it would overwrite both of our timeouts with one value
                .build();
        this.call = new StreamingCall(streamingModel, vendor, cfg.model(), AnthropicProvider::usage);
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
        return call.chat(request, listener);
    }

    /**
     * Returns the URL LangChain4j expects: our {@code base_url} is the API root without {@code /v1}
     * (e.g. {@code https://api.anthropic.com}); LangChain4j appends {@code messages} to a root that
     * already ends in {@code /v1}.
     */
    static String messagesRoot(String baseUrl) {
        String root = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return root.endsWith("/v1") ? root : root + "/v1";
    }

    /** Anthropic's {@code input_tokens} already excludes cache reads and writes: no subtraction needed. */
    static Usage usage(TokenUsage t) {
        long in = t.inputTokenCount() == null ? 0 : t.inputTokenCount();
        long out = t.outputTokenCount() == null ? 0 : t.outputTokenCount();
        if (t instanceof AnthropicTokenUsage a) {
            return new Usage(in, out, orZero(a.cacheReadInputTokens()), orZero(a.cacheCreationInputTokens()));
        }
        return new Usage(in, out, 0, 0);
    }

    private static long orZero(Integer n) {
        return n == null ? 0 : n;
    }
}
