/**
 * Long-term memory: the in-process embedding model ({@link io.blufio.memory.OnnxEmbedder}, loaded lazily
 * and unloaded when idle or under pressure), the memory store, and hybrid retrieval (FTS5 BM25 fused with
 * cosine similarity by reciprocal rank fusion) behind {@link io.blufio.memory.Memories}. May use
 * {@code store} and {@code config}; must not import {@code llm}, {@code tools}, {@code agent},
 * {@code channel}, {@code ops} or {@code cli}.
 */
package io.blufio.memory;
