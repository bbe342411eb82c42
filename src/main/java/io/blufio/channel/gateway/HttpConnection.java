package io.blufio.channel.gateway;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, served on its own virtual thread: requests one after another (keep-alive), each
 * read under the deadlines of {@link GatewayLimits} and checked in this order before any work: route,
 * declared length, signature over the headers, a body slot, then the body itself (its SHA-256 computed
 * while it streams into a buffer of exactly the declared length) and finally the handler.
 *
 * <p>The connection's {@link Phase} says what it waits for; the server's reaper closes the socket once
 * the phase's deadline passes, which ends any blocked read or write with an exception.
 */
final class HttpConnection {
    private static final Logger log = LoggerFactory.getLogger(HttpConnection.class);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    /** What the connection waits for; {@link #IDLE} and {@link #HEAD} may be evicted at the connection cap. */
    enum Phase { IDLE, HEAD, BODY, HANDLER, CLOSED }

    private final GatewayServer server;
    private final Socket socket;
    private final GatewayLimits limits;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.HEAD);
    private volatile long since;
    /** {@code nanoTime} after which the reaper closes the connection; {@link Long#MAX_VALUE} for none. */
    private volatile long deadline = Long.MAX_VALUE;
    private volatile Thread thread;
    private InputStream in;
    private OutputStream out;
    /** True while the current request's body is declared but not read. */
    private boolean bodyPending;

    HttpConnection(GatewayServer server, Socket socket) {
        this.server = server;
        this.socket = socket;
        this.limits = server.limits();
        long now = server.nanos();
        this.since = now;
        this.deadline = now + limits.headerTimeout().toNanos();
    }

    /** Serves requests until the client closes, asks to close, a limit is hit or the server stops. */
    void run() {
        thread = Thread.currentThread();
        try {
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), GatewayLimits.INPUT_BUFFER_BYTES);
            out = socket.getOutputStream();
            int first = in.read();  // phase HEAD since the accept
            while (first >= 0 && serve(first) && server.running()) {
                enter(Phase.IDLE, limits.idleTimeout());
                first = in.read();
                if (first >= 0) enter(Phase.HEAD, limits.headerTimeout());
            }
            if (bodyPending) linger();
        } catch (IOException e) {
            log.debug("gateway: connection ended: {}", e.toString());
        } finally {
            close();
            server.removed(this);
        }
    }

    /** Serves one request whose first byte is {@code first}; returns true when the connection may carry another. */
    private boolean serve(int first) throws IOException {
        RequestHead head;
        try {
            head = RequestHead.read(in, first, limits);
        } catch (RequestHead.Malformed m) {
            enter(Phase.HANDLER, null);
            refuse(new Response(this, true), m.status, m.code, m.getMessage());
            return false;
        }
        enter(Phase.HANDLER, null);
        Response res = new Response(this, head.wantsClose());
        bodyPending = head.contentLength() > 0;
        try {
            GatewayServer.Match match = server.match(head.method(), head.rawPath());
            Request req = admit(head, res, match);
            match.route().handler().handle(req);
            if (!res.started()) throw new IllegalStateException("handler of " + head.method() + " " + head.rawPath() + " gave no answer");
            res.finish();
        } catch (ApiError e) {
            if (res.started()) return false;
            refuse(res, e.status(), e.code(), e.getMessage());
        } catch (BlufioException e) {
            log.warn("{} {}: {} ({})", head.method(), head.rawPath(), e.getMessage(), e.code());
            if (res.started()) return false;
            // disk_full (e.g. the nonce of this request could not be recorded): 507 Insufficient Storage, RFC 4918 section 11.5
            if (ErrorCode.DISK_FULL.is(e)) refuse(res, 507, e.code(), "request not accepted: " + e.getMessage() + "; send it again then");
            else refuse(res, 500, e.code(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("{} {} failed", head.method(), head.rawPath(), e);
            if (res.started()) return false;
            refuse(res, 500, "internal", "internal error; see the daemon log");
        }
        return !res.closeAfterwards();
    }

    /**
     * Runs the checks before the handler and returns the request to hand it; throws {@link ApiError} for a
     * refusal. Nothing of the body is read before the signature over the headers verified.
     */
    private Request admit(RequestHead head, Response res, GatewayServer.Match match) throws IOException {
        long length = head.contentLength();
        if (match.route() == null) {
            if (match.pathKnown()) throw new ApiError(ErrorCode.METHOD_NOT_ALLOWED, head.method() + " is not allowed on " + head.rawPath());
            throw ApiError.notFound("no route " + head.method() + " " + head.rawPath());
        }
        if (length > GatewayServer.MAX_BODY_BYTES) throw ApiError.bodyTooLarge(GatewayServer.MAX_BODY_BYTES);
        if (head.first("Expect") != null && !head.expectsContinue()) {
            throw new ApiError(ErrorCode.EXPECTATION_FAILED, "only Expect: 100-continue is supported");
        }
        RequestAuthenticator.Signed signed = null;
        if (match.route().signed()) {
            signed = server.authenticator().authenticate(head.method(), head.rawPath(), head.rawQuery(), head::first, length)
                    .orElseThrow(ApiError::unauthenticated);
        }
        byte[] body = new byte[0];
        if (length > 0) {
            body = readBody(head, (int) length);
            bodyPending = false;
            if (signed != null && !signed.bodyDigestMatches().test(sha256(body))) throw ApiError.unauthenticated();
        }
        return new Request(head, res, body, match.params(), signed == null ? null : signed.device());
    }

    private byte[] readBody(RequestHead head, int length) throws IOException {
        if (!server.bodies().tryAcquire()) {
            server.limitHit("busy", "more than " + limits.maxBodiesInFlight() + " request bodies in flight");
            throw new ApiError(ErrorCode.BUSY, "too many request bodies in flight (limit " + limits.maxBodiesInFlight()
                    + "); retry in a second");
        }
        try {
            if (head.expectsContinue()) write(CONTINUE);
            enter(Phase.BODY, limits.bodyTimeout(length));
            byte[] body = new byte[length];
            int off = 0;
            while (off < length) {
                int n = in.read(body, off, length - off);
                if (n < 0) throw new IOException("connection closed after " + off + " of " + length + " body bytes");
                off += n;
            }
            enter(Phase.HANDLER, null);
            return body;
        } finally {
            server.bodies().release();
        }
    }

    /** Half-closes and discards the unread body for a bounded time and size, so the client reads the answer. */
    private void linger() throws IOException {
        socket.shutdownOutput();
        enter(Phase.IDLE, GatewayLimits.LINGER_TIMEOUT);
        byte[] scratch = new byte[GatewayLimits.LINGER_BUFFER_BYTES];  // few large reads, not many 2 KiB skips
        for (long left = GatewayLimits.LINGER_BYTES; left > 0; ) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
            if (n < 0) return;
            left -= n;
        }
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Answers an error. The connection closes afterwards when the body was left unread (its bytes would be
     * taken for the next request) and after 503 {@code busy}.
     */
    private void refuse(Response res, int status, String code, String message) throws IOException {
        if (bodyPending) res.closeAfter();
        if (status == 503) {
            res.header("Retry-After", "1");
            if ("busy".equals(code)) res.closeAfter();
        }
        new Request(null, res, new byte[0], Map.of(), null).respondJson(status, Request.errorBody(code, message));
    }

    /** Writes {@code bytes} at once, bounded by {@link GatewayLimits#writeTimeout()}. */
    void write(byte[] bytes) throws IOException {
        long before = deadline;
        deadline = server.nanos() + limits.writeTimeout().toNanos();
        try {
            out.write(bytes);
            out.flush();
        } finally {
            deadline = before;
        }
    }

    private void enter(Phase next, Duration timeout) throws IOException {
        long now = server.nanos();
        deadline = timeout == null ? Long.MAX_VALUE : now + timeout.toNanos();
        since = now;
        if (phase.getAndUpdate(p -> p == Phase.CLOSED ? Phase.CLOSED : next) == Phase.CLOSED) {
            throw new IOException("connection closed by the gateway");
        }
    }

    /** Returns the phase (read by the acceptor and reaper). */
    Phase phase() {
        return phase.get();
    }

    /** Returns when the current phase began ({@code nanoTime} scale). */
    long since() {
        return since;
    }

    /** Returns true when the deadline of the current phase passed at {@code now}. */
    boolean overdue(long now) {
        long d = deadline;
        return d != Long.MAX_VALUE && now - d > 0;
    }

    /** Closes the connection if it is still in {@code seen} (an idle or header phase); returns whether it did. */
    boolean evict(Phase seen) {
        if (!phase.compareAndSet(seen, Phase.CLOSED)) return false;
        closeSocket();
        return true;
    }

    /** Closes the connection whatever it does; a blocked read or write fails at once. */
    void close() {
        phase.set(Phase.CLOSED);
        closeSocket();
    }

    /** Interrupts the connection's thread (at stop, after the grace). */
    void interrupt() {
        Thread t = thread;
        if (t != null) t.interrupt();
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("gateway: close failed: {}", e.toString());
        }
    }
}
