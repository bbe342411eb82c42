package io.blufio.channel.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to one request on an {@link HttpConnection}: a status line and fields, then a body framed by
 * {@code Content-Length} or, for streams, chunked (RFC 9112 sections 4, 6 and 7.1). Every write goes
 * through the connection, which bounds it by {@link GatewayLimits#writeTimeout()}.
 */
final class Response {
    private final HttpConnection conn;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private boolean started;
    private boolean close;
    private ChunkedBody stream;

    Response(HttpConnection conn, boolean close) {
        this.conn = conn;
        this.close = close;
    }

    /** Sets a response field (before the answer starts). */
    void header(String name, String value) {
        headers.put(name, value);
    }

    /** Asks for the connection to be closed after this answer. */
    void closeAfter() {
        close = true;
    }

    boolean started() {
        return started;
    }

    boolean closeAfterwards() {
        return close;
    }

    /** Sends the whole answer: status, fields, {@code Content-Length} and {@code body} in one write. */
    void send(int status, byte[] body) throws IOException {
        ByteArrayOutputStream out = head(status);
        byte[] b = body == null ? new byte[0] : body;
        out.write(("Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(b);
        conn.write(out.toByteArray());
    }

    /** Starts a chunked answer and returns its body; each {@code write} is sent as one chunk, {@code close} ends it. */
    OutputStream startChunked(int status) throws IOException {
        ByteArrayOutputStream out = head(status);
        out.write("Transfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        conn.write(out.toByteArray());
        stream = new ChunkedBody();
        return stream;
    }

    /** Ends a chunked body the handler left open; returns false when no complete answer was sent. */
    boolean finish() throws IOException {
        if (stream != null) stream.close();
        return started;
    }

    private ByteArrayOutputStream head(int status) {
        if (started) throw new IllegalStateException("the answer was already started");
        started = true;
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        StringBuilder sb = new StringBuilder(192).append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        sb.append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        if (close) sb.append("Connection: close\r\n");
        out.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        return out;
    }

    /** Returns the reason phrase of the statuses the gateway uses (RFC 9110 section 15). */
    static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 417 -> "Expectation Failed";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status";
        };
    }

    /** A chunked body: one chunk a write, the last chunk on close; {@code flush} is implied by every write. */
    private final class ChunkedBody extends OutputStream {
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) throw new IOException("the stream is closed");
            if (len == 0) return;
            byte[] size = (Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] chunk = new byte[size.length + len + 2];
            System.arraycopy(size, 0, chunk, 0, size.length);
            System.arraycopy(b, off, chunk, size.length, len);
            chunk[chunk.length - 2] = '\r';
            chunk[chunk.length - 1] = '\n';
            conn.write(chunk);
        }

        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            conn.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
    }
}
