package io.blufio.memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Embedding vectors as stored: {@link Embedder#DIMENSIONS} float32 values, little-endian (1536 bytes). */
final class Vectors {
    /** Bytes of one stored embedding. */
    static final int BYTES = Embedder.DIMENSIONS * Float.BYTES;

    private Vectors() {}

    static byte[] toBytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    /**
     * Returns the dot product of {@code query} and the stored vector {@code blob} without copying it into a
     * float array; for unit vectors this is their cosine similarity, -1..1.
     */
    static double dot(float[] query, byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        int n = Math.min(query.length, blob.length / Float.BYTES);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += query[i] * b.getFloat(i * Float.BYTES);
        return sum;
    }

    /** Returns {@code v} scaled to unit length (unchanged when its length is 0). */
    static float[] normalize(float[] v) {
        double norm = 0;
        for (float x : v) norm += x * x;
        norm = Math.sqrt(norm);
        if (norm == 0) return v;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) (v[i] / norm);
        return out;
    }
}
