package io.blufio.memory;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * all-MiniLM-L6-v2 as a sentence encoder: {@link WordPieceTokenizer} ids, one ONNX Runtime run on the
 * calling thread, mean pooling of the last hidden state over all tokens, L2 normalisation. The arithmetic
 * (float sums in token order) is that of LangChain4j's {@code OnnxBertBiEncoder}, which blufio used before,
 * so vectors already stored stay comparable. The text is truncated to the tokenizer's 128 tokens, as the
 * model's {@code tokenizer.json} asks (LangChain4j truncated the same way).
 *
 * <p>Model card: https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2. Thread-safe: it keeps no
 * mutable state and {@code OrtSession.run} may be called concurrently.
 */
final class MiniLmEncoder {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final WordPieceTokenizer tokenizer;
    private final boolean tokenTypes;

    MiniLmEncoder(OrtEnvironment env, OrtSession session, WordPieceTokenizer tokenizer) throws OrtException {
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        Set<String> inputs = session.getInputNames();
        this.tokenTypes = inputs.contains("token_type_ids");
    }

    /** Returns the unit-length embedding of {@code text} (its first 126 word pieces). */
    float[] embed(String text) throws OrtException {
        long[] ids = tokenizer.encode(text);
        long[] mask = new long[ids.length];
        java.util.Arrays.fill(mask, 1L);
        Map<String, OnnxTensor> in = new HashMap<>(4);
        try (OnnxTensor idT = OnnxTensor.createTensor(env, new long[][] {ids});
                OnnxTensor maskT = OnnxTensor.createTensor(env, new long[][] {mask});
                OnnxTensor typeT = tokenTypes ? OnnxTensor.createTensor(env, new long[][] {new long[ids.length]}) : null) {
            in.put("input_ids", idT);
            in.put("attention_mask", maskT);
            if (typeT != null) in.put("token_type_ids", typeT);
            try (OrtSession.Result r = session.run(in)) {
                float[][] vectors = ((float[][][]) r.get(0).getValue())[0];
                return normalize(meanPool(vectors));
            }
        }
    }

    private static float[] meanPool(float[][] vectors) {
        float[] avg = new float[vectors[0].length];
        for (float[] v : vectors) {
            for (int j = 0; j < avg.length; j++) avg[j] += v[j];
        }
        for (int j = 0; j < avg.length; j++) avg[j] /= vectors.length;
        return avg;
    }

    private static float[] normalize(float[] v) {
        float sumSquare = 0;
        for (float x : v) sumSquare += x * x;
        float norm = (float) Math.sqrt(sumSquare);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i] / norm;
        return out;
    }
}
