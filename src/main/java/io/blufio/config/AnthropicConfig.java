package io.blufio.config;

/**
 * {@code [llm.anthropic]}: the Anthropic Messages API (https://docs.anthropic.com/en/api/messages).
 *
 * @param baseUrl API root without {@code /v1}; tests point it at a loopback stand-in
 * @param apiKey secret; prefer {@code ANTHROPIC_API_KEY} or the vault over this plain value
 * @param model model id, e.g. {@code claude-sonnet-5-5}
 * @param maxTokens upper bound of output tokens per model call
 * @param promptCaching mark the stable prefix (system prompt and tools) with {@code cache_control}
 */
public record AnthropicConfig(String baseUrl, String apiKey, String model, Integer maxTokens, Boolean promptCaching) {
    public AnthropicConfig {
        baseUrl = Check.httpUrl("llm.anthropic.base_url", Check.or(baseUrl, "https://api.anthropic.com"));
        model = Check.or(model, "claude-sonnet-5-5");
        maxTokens = Check.atLeast("llm.anthropic.max_tokens", Check.or(maxTokens, 4096), 1);
        promptCaching = Check.or(promptCaching, Boolean.TRUE);
    }

    @Override
    public String toString() {
        return "AnthropicConfig[baseUrl=" + baseUrl + ", model=" + model + ", maxTokens=" + maxTokens + "]";
    }
}
