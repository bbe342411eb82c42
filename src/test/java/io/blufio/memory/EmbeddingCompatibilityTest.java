package io.blufio.memory;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vectors stored by earlier versions (LangChain4j's {@code OnnxBertBiEncoder} with the HuggingFace Rust
 * tokenizer) and vectors of the Java tokenizer path are the same, so existing memories need no re-embedding.
 */
final class EmbeddingCompatibilityTest {
    @TempDir Path tmp;

    /** The encoder blufio used up to issue 14, over the same ONNX session. */
    private static final class LangChain4jMiniLm extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        LangChain4jMiniLm(OrtEnvironment env, OrtSession session, InputStream tokenizer) {
            super(Runnable::run);
            encoder = new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN);
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

    @Test
    void javaTokenizerPath_givesTheVectorsOfTheLangChain4jPath() throws Exception {
        System.setProperty("DJL_CACHE_DIR", tmp.resolve("djl").toString());
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("RUST_FLAVOR", "cpu");
        ModelFiles files = ModelFiles.extractTo(tmp);
        List<String> texts = List.of("I have a cat named Miso", "which pet animal lives with me", "The VPS runs Debian 12 with 2 GB of RAM",
                "My sister's birthday is on the third of May", "naïve café, ÅNGSTRÖM!", "東京は今日も晴れ", "don't forget the milk",
                "remember the milk ".repeat(300), "emoji 😀 and punctuation?!", "x".repeat(150));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(files.model().toString(), new OrtSession.SessionOptions());
                InputStream tokenizerJson = Files.newInputStream(files.tokenizer());
                OnnxEmbedder ours = new OnnxEmbedder(tmp, Duration.ofSeconds(600), System::nanoTime)) {
            LangChain4jMiniLm reference = new LangChain4jMiniLm(env, session, tokenizerJson);
            for (String text : texts) {
                float[] old = new float[Embedder.DIMENSIONS];  // as OnnxEmbedder stored it: the mean of its chunks' directions
                for (String piece : Embedder.chunks(text)) {
                    float[] v = Vectors.normalize(reference.embed(piece).content().vector());
                    for (int i = 0; i < old.length; i++) old[i] += v[i];
                }
                old = Vectors.normalize(old);
                float[] now = ours.embed(text);
                double cosine = 0;
                for (int i = 0; i < old.length; i++) cosine += old[i] * now[i];
                assertThat(cosine).as("cosine of old and new vector of %s", text).isGreaterThan(0.99999);
            }
        }
    }
}
