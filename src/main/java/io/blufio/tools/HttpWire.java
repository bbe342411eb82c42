package io.blufio.tools;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET (RFC 9112) over a socket to an address the caller already checked, so no second DNS
 * lookup can send it elsewhere. TLS verifies the certificate against the URL's host name (SNI and
 * endpoint identification "HTTPS", RFC 6125). Reads at most {@code maxBytes} of body; connect, headers
 * and body must all finish within one deadline.
 */
final class HttpWire {
    /** Largest status line plus headers read, in bytes. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    /**
     * An answer.
     *
     * @param status HTTP status code
     * @param headers header names in lower case; the last value of a repeated header wins
     * @param body the body, at most maxBytes
     * @param truncated true when the body was longer than maxBytes
     */
    record Response(int status, Map<String, String> headers, byte[] body, boolean truncated) {}

    private HttpWire() {}

    /**
     * GETs {@code uri} from {@code address}. One deadline covers everything: connect, TLS handshake,
     * request, status line and headers, and body. A watchdog (a virtual thread) closes the socket when
     * the deadline passes, so a server that trickles its headers a byte at a time (each read within any
     * per-read timeout) cannot hold the call past it.
     *
     * @param timeoutMs time left for this request, in milliseconds ({@code tools.http_timeout_s}, less what
     *     earlier redirect hops used)
     * @throws SocketTimeoutException when the deadline passed, naming {@code tools.http_timeout_s}
     */
    static Response get(URI uri, InetAddress address, boolean tls, int maxBytes, long timeoutMs) throws IOException {
        String host = uri.getHost();  // IPv6 literals keep their brackets, as the Host header needs
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        if (timeoutMs <= 0) throw timeout(timeoutMs);
        long deadline = System.currentTimeMillis() + timeoutMs;
        Socket plain = new Socket();
        AtomicBoolean expired = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().name("http-fetch-deadline").start(() -> {
            try {
                Thread.sleep(timeoutMs);
                expired.set(true);
                plain.close();  // unblocks connect, handshake and every read at once
            } catch (InterruptedException | IOException done) {
                // finished in time (interrupted by the caller), or the socket was closed already
            }
        });
        try (plain) {
            plain.connect(new InetSocketAddress(address, port), (int) Math.max(1, timeoutMs));
            plain.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
            Socket s = plain;
            if (tls) {
                SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, host, port, true);
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                if (!host.contains(":") && !host.matches("[0-9.]+")) p.setServerNames(List.of(new SNIHostName(host)));
                ssl.setSSLParameters(p);
                ssl.startHandshake();
                s = ssl;
            }
            String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            String hostHeader = host + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: blufio-http-fetch/1\r\n"
                    + "Accept: text/html, text/plain, application/json, application/xml;q=0.9, */*;q=0.1\r\n"
                    + "Accept-Encoding: identity\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(s.getInputStream());
            return read(in, maxBytes, deadline, s);
        } catch (IOException e) {
            if (expired.get() || e instanceof SocketTimeoutException) throw timeout(timeoutMs);
            throw e;
        } finally {
            watchdog.interrupt();
        }
    }

    private static SocketTimeoutException timeout(long timeoutMs) {
        return new SocketTimeoutException("no complete answer within " + Math.max(0, timeoutMs) + " ms (tools.http_timeout_s)");
    }

    private static Response read(InputStream in, int maxBytes, long deadline, Socket s) throws IOException {
        int[] budget = {MAX_HEADER_BYTES};
        String status = line(in, budget);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP/1.x answer: " + status);
        int code = Integer.parseInt(parts[1]);
        Map<String, String> headers = new HashMap<>();
        for (String h = line(in, budget); !h.isEmpty(); h = line(in, budget)) {
            int colon = h.indexOf(':');
            if (colon > 0) headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean chunked = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
        long length = headers.containsKey("content-length") ? Long.parseLong(headers.get("content-length")) : -1;
        boolean truncated;
        if (chunked) {
            truncated = false;
            while (true) {
                String size = line(in, new int[] {1024});
                int n = Integer.parseInt(size.split(";", 2)[0].strip(), 16);
                if (n == 0) break;
                truncated = copy(in, body, n, maxBytes, deadline, s);
                if (truncated) break;
                line(in, new int[] {16});
            }
        } else {
            truncated = copy(in, body, length < 0 ? Long.MAX_VALUE : length, maxBytes, deadline, s);
        }
        return new Response(code, headers, body.toByteArray(), truncated);
    }

    /** Copies up to {@code n} bytes, keeping at most {@code max} in {@code out}; returns true when over max. */
    private static boolean copy(InputStream in, ByteArrayOutputStream out, long n, int max, long deadline, Socket s) throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            long wait = deadline - System.currentTimeMillis();
            if (wait <= 0) throw new SocketTimeoutException("body not complete in time");
            s.setSoTimeout((int) wait);
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) return false;
            left -= r;
            int room = max - out.size();
            if (r > room) {
                out.write(buf, 0, room);
                return true;
            }
            out.write(buf, 0, r);
        }
        return false;
    }

    private static String line(InputStream in, int[] budget) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) throw new IOException("connection closed inside the headers");
            if (--budget[0] < 0) throw new IOException("headers longer than " + MAX_HEADER_BYTES + " bytes");
            if (c != '\r') sb.append((char) c);
        }
        return sb.toString();
    }
}
