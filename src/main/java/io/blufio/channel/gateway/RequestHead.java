package io.blufio.channel.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The request line and header fields of one HTTP/1.1 request (RFC 9112 sections 2-6), read by
 * {@link #read} within {@link GatewayLimits#maxHeaderBytes()} and {@link GatewayLimits#maxHeaderFields()}.
 *
 * <p>Strict where leniency invites request smuggling (RFC 9112 section 11.2): a body must be framed by one
 * {@code Content-Length} (any {@code Transfer-Encoding} is refused with 411), obsolete line folding and
 * whitespace before a field's colon are refused, and a bare CR is refused. Lines may end in CRLF or LF.
 *
 * @param method request method, case kept (methods are case-sensitive)
 * @param rawPath the path as received, percent-encoding kept
 * @param rawQuery the query without {@code ?}, null when absent
 * @param http10 true for an HTTP/1.0 request (answered, then closed)
 * @param fields header fields by case-insensitive name, values in order of arrival
 * @param contentLength the declared body length, 0 when absent
 */
record RequestHead(String method, String rawPath, String rawQuery, boolean http10, Map<String, List<String>> fields,
        long contentLength) {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern VERSION = Pattern.compile("HTTP/\\d\\.\\d");
    /** Longest Content-Length value parsed, in digits (larger cannot be a valid body here anyway). */
    private static final int MAX_LENGTH_DIGITS = 18;

    /** Returns the first value of field {@code name}, or null. */
    String first(String name) {
        List<String> v = fields.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Returns true when the client asked to close the connection after this request (or spoke HTTP/1.0). */
    boolean wantsClose() {
        if (http10) return true;
        List<String> v = fields.get("Connection");
        if (v == null) return false;
        for (String s : v) {
            for (String t : s.split(",")) if (t.strip().equalsIgnoreCase("close")) return true;
        }
        return false;
    }

    /** Returns true for {@code Expect: 100-continue}. */
    boolean expectsContinue() {
        String e = first("Expect");
        return e != null && e.strip().equalsIgnoreCase("100-continue");
    }

    /** A request the gateway refuses to read further: answered with {@code status} and closed. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        Malformed(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    /**
     * Reads one request head. {@code first} is its first byte, already read by the caller (who waited for
     * it under the idle timeout); empty lines before the request line are skipped (RFC 9112 section 2.2).
     *
     * @throws Malformed 400, 411, 431 or 505 with the reason
     * @throws IOException when the connection fails or closes mid-head
     */
    static RequestHead read(InputStream in, int first, GatewayLimits limits) throws IOException, Malformed {
        LineReader lines = new LineReader(in, first, limits.maxHeaderBytes());
        String requestLine;
        do {
            requestLine = lines.next();
        } while (requestLine.isEmpty());
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !TOKEN.matcher(parts[0]).matches()) {
            throw new Malformed(400, "bad_request", "malformed request line");
        }
        if (!VERSION.matcher(parts[2]).matches()) throw new Malformed(400, "bad_request", "malformed HTTP version");
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw new Malformed(505, "http_version_not_supported", parts[2] + " is not supported; use HTTP/1.1");
        }
        URI target = target(parts[1]);
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int count = 0;
        for (String line; !(line = lines.next()).isEmpty(); ) {
            if (++count > limits.maxHeaderFields()) {
                throw new Malformed(431, "headers_too_large", "more than " + limits.maxHeaderFields() + " header fields");
            }
            char c0 = line.charAt(0);
            if (c0 == ' ' || c0 == '\t') throw new Malformed(400, "bad_request", "obsolete line folding is not accepted");
            int colon = line.indexOf(':');
            if (colon <= 0 || !TOKEN.matcher(line.substring(0, colon)).matches()) {
                throw new Malformed(400, "bad_request", "malformed header field");
            }
            fields.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>(1)).add(line.substring(colon + 1).strip());
        }
        if (fields.containsKey("Transfer-Encoding")) {
            throw new Malformed(411, "length_required", "send the body with Content-Length; Transfer-Encoding is not accepted");
        }
        return new RequestHead(parts[0], target.getRawPath(), target.getRawQuery(), parts[2].equals("HTTP/1.0"), fields,
                contentLength(fields.get("Content-Length")));
    }

    private static URI target(String raw) throws Malformed {
        if (!raw.startsWith("/") && !raw.startsWith("http://") && !raw.startsWith("https://")) {
            throw new Malformed(400, "bad_request", "the request target must be an absolute path");
        }
        try {
            URI u = new URI(raw);
            if (u.getRawPath() == null || u.getRawPath().isEmpty()) return new URI("/" + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
            return u;
        } catch (URISyntaxException e) {
            throw new Malformed(400, "bad_request", "malformed request target");
        }
    }

    private static long contentLength(List<String> values) throws Malformed {
        if (values == null) return 0;
        if (values.size() != 1) throw new Malformed(400, "bad_request", "more than one Content-Length");
        String v = values.get(0);
        if (v.isEmpty() || v.length() > MAX_LENGTH_DIGITS || !v.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new Malformed(400, "bad_request", "Content-Length must be a decimal number of bytes");
        }
        return Long.parseLong(v);
    }

    /** Lines of a request head, counted against one byte budget; ISO-8859-1 as RFC 9110 section 5.5 allows. */
    private static final class LineReader {
        private final InputStream in;
        private final int budget;
        private int pending;
        private int used;
        private byte[] buf = new byte[128];

        LineReader(InputStream in, int first, int budget) {
            this.in = in;
            this.pending = first;
            this.budget = budget;
        }

        String next() throws IOException, Malformed {
            int n = 0;
            while (true) {
                int b = pending >= 0 ? pending : in.read();
                pending = -1;
                if (b < 0) throw new IOException("connection closed inside the request head");
                if (++used > budget) throw new Malformed(431, "headers_too_large", "request head over " + budget + " bytes");
                if (b == '\n') break;
                if (n == buf.length) buf = java.util.Arrays.copyOf(buf, Math.min(buf.length * 2, budget));
                buf[n++] = (byte) b;
            }
            if (n > 0 && buf[n - 1] == '\r') n--;
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\r' || buf[i] == 0) throw new Malformed(400, "bad_request", "stray CR or NUL in the request head");
            }
            return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
        }
    }
}
