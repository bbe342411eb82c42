package io.blufio.config;

/**
 * {@code [llm.openai]}: any OpenAI-compatible Chat Completions endpoint (OpenAI, Ollama, OpenRouter, vLLM).
 *
 * @param baseUrl API root including {@code /v1}
 * @param apiKey secret; prefer {@code OPENAI_API_KEY} or the vault over this plain value
 * @param model model id, e.g. {@code gpt-5.4-mini}
 * @param maxTokens upper bound of output tokens per model call
 */
public record OpenAiConfig(String baseUrl, String apiKey, String model, Integer maxTokens) {
    public OpenAiConfig {
        baseUrl = Check.httpUrl("llm.openai.base_url", Check.or(baseUrl, "https://api.openai.com/v1"));
        model = Check.or(model, "gpt-5.4-mini");
        maxTokens = Check.atLeast("llm.openai.max_tokens", Check.or(maxTokens, 4096), 1);
    }

    @Override
    public String toString() {
        return "OpenAiConfig[baseUrl=" + baseUrl + ", model=" + model + ", maxTokens=" + maxTokens + "]";
    }
}
