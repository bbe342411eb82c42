package io.blufio.memory;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.InputStream;

/**
 * LangChain4j's BERT bi-encoder over an ONNX session that blufio opened itself (with its own session
 * options, from a file), mean-pooled as all-MiniLM-L6-v2 expects. Embeds on the calling thread: the
 * direct executor means LangChain4j starts no thread pool.
 */
final class FileModel extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    FileModel(OrtEnvironment env, OrtSession session, InputStream tokenizerJson) {
        super(Runnable::run);
        this.encoder = new OnnxBertBiEncoder(env, session, tokenizerJson, PoolingMode.MEAN);
    }

    @Override
    protected OnnxBertBiEncoder model() {
        return encoder;
    }

    @Override
    protected Integer knownDimension() {
        return Embedder.DIMENSIONS;
    }
}
