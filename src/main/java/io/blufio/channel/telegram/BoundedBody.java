package io.blufio.channel.telegram;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as UTF-8 text (or raw bytes, {@link #ofBytes}), at most {@code maxBytes} of it: the bytes are counted as they arrive
 * and the download is cancelled at the first byte past the limit (or at once when {@code Content-Length}
 * declares more), failing the call with {@link TooLarge}. So an upstream (or a proxy in between) can
 * never make blufio buffer more than the limit.
 */
final class BoundedBody<T> implements HttpResponse.BodySubscriber<T> {
    /** The body was larger than allowed; nothing of it is kept. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        final long limitBytes;

        TooLarge(long limitBytes) {
            super("answer larger than " + limitBytes + " bytes (" + (limitBytes >> 10) + " KiB); refused");
            this.limitBytes = limitBytes;
        }
    }

    private final long maxBytes;
    private final boolean declaredTooLarge;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final java.util.function.Function<ByteArrayOutputStream, T> finish;
    private Flow.Subscription subscription;
    private long seen;

    private BoundedBody(long maxBytes, boolean declaredTooLarge, java.util.function.Function<ByteArrayOutputStream, T> finish) {
        this.maxBytes = maxBytes;
        this.finish = finish;
        this.declaredTooLarge = declaredTooLarge;
    }

    /** Returns a handler whose bodies are at most {@code maxBytes} long. */
    static HttpResponse.BodyHandler<String> ofString(long maxBytes) {
        return info -> new BoundedBody<>(maxBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1) > maxBytes,
                b -> b.toString(StandardCharsets.UTF_8));
    }

    /** Returns a handler whose bodies are at most {@code maxBytes} long, kept as bytes (file downloads). */
    static HttpResponse.BodyHandler<byte[]> ofBytes(long maxBytes) {
        return info -> new BoundedBody<>(maxBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1) > maxBytes,
                ByteArrayOutputStream::toByteArray);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declaredTooLarge) {
            s.cancel();
            result.completeExceptionally(new TooLarge(maxBytes));
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) return;
        for (ByteBuffer b : items) {
            seen += b.remaining();
            if (seen > maxBytes) {
                subscription.cancel();
                buf.reset();
                result.completeExceptionally(new TooLarge(maxBytes));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            buf.writeBytes(chunk);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(finish.apply(buf));
    }

    @Override
    public CompletionStage<T> getBody() {
        return result;
    }
}
