package io.blufio.memory;

import io.blufio.ErrorCode;
import io.blufio.Ticker;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.blufio.NativeHeap;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2 (quantized, 384 dimensions) run in-process by ONNX Runtime, tokenised in Java
 * ({@link WordPieceTokenizer}, {@link MiniLmEncoder}): nothing is downloaded at run time. The model is loaded
 * on the first {@link #embed} from the files {@link ModelFiles} extracted to the data dir (from LangChain4j's
 * model jar), with session options for a small footprint (CPU arena off, memory-pattern planning off, one
 * intra-op and one inter-op thread). Measured: see bench/README.md (footprint). A long text is embedded from
 * its first {@link Embedder#MAX_INPUT_CHARS} characters, in chunks ({@link Embedder#chunks}), so neither the
 * tokenizer nor ONNX Runtime ever sees more than {@link Embedder#CHUNK_CHARS} at once.
 *
 * <p>Unloaded by {@link #unload()} (the memory monitor calls it under pressure) and by
 * {@link #unloadIfIdle()} once no embedding was asked for {@code memory.unload_after_idle_s}; Memories
 * schedules that check. Elapsed time comes from the injected nano source, so tests move it.
 */
public final class OnnxEmbedder implements Embedder, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OnnxEmbedder.class);
    /** Longest pause between two idle checks of {@link #startIdleWatch()}. */
    static final Duration IDLE_CHECK_MAX = Duration.ofSeconds(30);

    private final Path dataDir;
    private final Duration idleUnload;
    private final LongSupplier nanoTime;
    private ModelFiles files;          // guarded by this
    private OrtSession session;        // guarded by this; null while unloaded
    private volatile MiniLmEncoder model;  // written under this; null while unloaded
    private volatile long lastUseNanos;
    private Thread idleWatch;  // guarded by this

    /**
     * @param dataDir where the model files are extracted ({@code models/} below it)
     * @param idleUnload idle time after which {@link #unloadIfIdle()} frees the model ({@code memory.unload_after_idle_s})
     * @param nanoTime elapsed-time source in nanoseconds ({@code Ticker.SYSTEM::nanoTime} outside tests)
     */
    public OnnxEmbedder(Path dataDir, Duration idleUnload, LongSupplier nanoTime) {
        this.dataDir = dataDir;
        this.idleUnload = idleUnload;
        this.nanoTime = nanoTime;
    }

    /**
     * {@inheritDoc} One embedding at a time (the runs are a few ms each): so {@link #unload()} never closes a
     * session in use, and at most one run's buffers are in native memory.
     */
    @Override
    public synchronized float[] embed(String text) {
        MiniLmEncoder m = ensureLoaded();
        lastUseNanos = nanoTime.getAsLong();
        try {
            java.util.List<String> pieces = Embedder.chunks(text);
            if (pieces.size() == 1) return Vectors.normalize(m.embed(pieces.get(0)));
            float[] sum = new float[DIMENSIONS];
            for (String piece : pieces) {  // one bounded model run at a time: the mean of the chunks' directions
                float[] v = Vectors.normalize(m.embed(piece));
                for (int i = 0; i < sum.length; i++) sum[i] += v[i];
            }
            return Vectors.normalize(sum);
        } catch (OrtException | RuntimeException e) {
            throw new MemoryException(ErrorCode.EMBEDDING_FAILED, "the embedding model failed on a text of "
                    + text.length() + " characters: " + e.getMessage(), e);
        }
    }

    private synchronized MiniLmEncoder ensureLoaded() {
        if (model != null) return model;
        long t0 = nanoTime.getAsLong();
        if (files == null) files = ModelFiles.extractTo(dataDir);
        try (InputStream tokenizer = Files.newInputStream(files.tokenizer());
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setCPUArenaAllocator(false);          // no arena: memory goes back after each run
            options.setMemoryPatternOptimization(false);  // no pre-planned buffers kept per input shape
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            // measured (bench/README.md): graph optimisation level, disabled pre-packing and allocating initializers
            // without an arena change the loaded footprint by less than 1 MB; left at ONNX Runtime's defaults
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            session = env.createSession(files.model().toString(), options);
            model = new MiniLmEncoder(env, session, WordPieceTokenizer.read(tokenizer));
        } catch (Exception | LinkageError e) {
            closeSession();
            throw new MemoryException(ErrorCode.EMBEDDING_FAILED, "cannot load the embedding model from " + files.model()
                    + ": " + e.getMessage() + " (delete that directory to extract it again; 'blufio doctor --deep' checks it)", e);
        }
        NativeHeap.trim();  // the model file's parse buffers are freed by now: give their pages back at once
        lastUseNanos = nanoTime.getAsLong();
        log.info("embedding model loaded in {} ms", (lastUseNanos - t0) / 1_000_000);
        return model;
    }

    @Override
    public boolean loaded() {  // no lock: health reads it while an embedding runs
        return model != null;
    }

    @Override
    public synchronized void unload() {
        if (model == null) return;
        closeSession();
        NativeHeap.trim();  // the session's memory goes back to the system now, not at the next periodic trim
        log.info("embedding model unloaded");
    }

    @Override
    public synchronized boolean unloadIfIdleFor(Duration idle) {
        if (model == null || nanoTime.getAsLong() - lastUseNanos < idle.toNanos()) return false;
        unload();
        return true;
    }

    /** Unloads the model when it has not been used for the idle time; returns true when it did. */
    public synchronized boolean unloadIfIdle() {
        if (model == null || nanoTime.getAsLong() - lastUseNanos < idleUnload.toNanos()) return false;
        log.debug("embedding model idle for {} s", idleUnload.toSeconds());
        unload();
        return true;
    }

    /**
     * Starts a virtual thread ({@code embedder-idle}; no platform thread stack of its own) that calls
     * {@link #unloadIfIdle()} every min(idle time, {@link #IDLE_CHECK_MAX}); {@link #close()} stops it.
     * Calling it twice starts one.
     */
    public synchronized void startIdleWatch() {
        if (idleWatch != null) return;
        long periodMs = Math.max(1, Math.min(idleUnload.toMillis(), IDLE_CHECK_MAX.toMillis()));
        idleWatch = Thread.ofVirtual().name("embedder-idle").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(periodMs);
                    unloadIfIdle();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("embedder idle check: {}", e.toString());
                }
            }
        });
    }

    /** Stops the idle watch and unloads the model. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (idleWatch != null) idleWatch.interrupt();
        idleWatch = null;
        unload();
    }

    private void closeSession() {
        model = null;
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                log.warn("closing the ONNX session: {}", e.getMessage());
            }
            session = null;
        }
    }
}
