/**
 * Model providers: the {@link io.blufio.llm.Provider} interface, the Anthropic Messages and OpenAI-compatible
 * Chat Completions adapters (streaming, tool calls, prompt caching), the price table and token
 * {@link io.blufio.llm.Usage}, retries of transient failures. Knows nothing of sessions, the store or
 * channels: may read {@code config} only. Must not import {@code store}, {@code agent}, {@code channel},
 * {@code ops} or {@code cli}.
 */
package io.blufio.llm;
