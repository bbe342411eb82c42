package io.blufio.tools;

import io.blufio.ErrorCode;
import io.blufio.Ticker;
import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.config.ToolsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code http_fetch} (group {@code http_fetch}): GETs one URL and returns its text. Bounds from
 * {@code [tools]}: at most {@code http_max_bytes} of body (the rest is cut, and the answer says so) and
 * {@code http_timeout_s} for the whole fetch (connect, headers and body of every redirect hop; DNS
 * lookups are not interruptible and stay outside it). HTTPS is required except for loopback addresses (which only
 * {@code tools.http_allow_private} can open); every host, including each of at most {@link #MAX_REDIRECTS}
 * redirect targets, passes the {@link SsrfGuard} and is connected to at the checked address.
 */
public final class HttpFetchTool implements Tool {
    /** Redirects followed per fetch at most; one more fails the fetch. */
    static final int MAX_REDIRECTS = 5;

    private final SsrfGuard guard;
    private final int maxBytes;
    private final long timeoutMs;

    /** @param cfg {@code [tools]}: http_allow_private, http_max_bytes, http_timeout_s */
    public HttpFetchTool(ToolsConfig cfg) {
        this(cfg, HostResolver.SYSTEM);
    }

    /** For tests: host names are resolved by {@code resolver}. */
    public HttpFetchTool(ToolsConfig cfg, HostResolver resolver) {
        this.guard = new SsrfGuard(cfg.httpAllowPrivate(), resolver);
        this.maxBytes = cfg.httpMaxBytes();
        this.timeoutMs = cfg.httpTimeoutS() * 1000L;
    }

    @Override
    public String name() {
        return "http_fetch";
    }

    @Override
    public String description() {
        return "Fetches a public web page or API by HTTPS GET and returns its text (HTML reduced to text). "
                + "Addresses on private networks are refused. Argument url: the absolute https:// URL.";
    }

    @Override
    public String inputSchema() {
        return """
                {"type":"object","properties":{"url":{"type":"string","description":"absolute https:// URL"}},"required":["url"]}""";
    }

    @Override
    public ToolOutput call(JsonNode input) throws IOException {
        String url = input.path("url").asText("").strip();
        if (url.isEmpty()) return ToolOutput.error("missing argument url: give an absolute https:// URL");
        URI uri = parse(url);
        long deadline = Ticker.SYSTEM.nanoTime() + timeoutMs * 1_000_000;  // one deadline for every hop
        for (int hop = 0; ; hop++) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new ToolRefusal(ErrorCode.FETCH_REFUSED, "refused to fetch " + uri + ": only https:// (and http:// to allowed loopback addresses) is supported");
            }
            if (uri.getRawUserInfo() != null) throw new ToolRefusal(ErrorCode.FETCH_REFUSED, "refused to fetch " + uri + ": URLs with user:password@ are not allowed");
            InetAddress address = guard.check(uri);
            boolean tls = scheme.equals("https");
            if (!tls && !address.isLoopbackAddress()) {
                throw new ToolRefusal(ErrorCode.FETCH_REFUSED, "refused to fetch " + uri + ": plain http:// is allowed only to loopback addresses; use https://");
            }
            long left = (deadline - Ticker.SYSTEM.nanoTime()) / 1_000_000;
            HttpWire.Response r = HttpWire.get(uri, address, tls, maxBytes, left);
            if (r.status() >= 300 && r.status() < 400 && r.headers().containsKey("location")) {
                if (hop >= MAX_REDIRECTS) throw new ToolRefusal(ErrorCode.FETCH_FAILED, "more than " + MAX_REDIRECTS + " redirects from " + url);
                uri = uri.resolve(parse(r.headers().get("location")));
                continue;
            }
            return output(uri, r);
        }
    }

    private ToolOutput output(URI uri, HttpWire.Response r) {
        String type = r.headers().getOrDefault("content-type", "text/plain").toLowerCase(Locale.ROOT);
        boolean text = type.startsWith("text/") || type.contains("json") || type.contains("xml") || type.contains("javascript");
        String head = "HTTP " + r.status() + " " + uri + " (" + type + ")\n\n";
        if (!text) return ToolOutput.error(head + "not returned: the body is not text (" + r.body().length + " bytes)");
        String body = new String(r.body(), charset(type));
        if (type.contains("html")) body = HtmlText.of(body);
        if (r.truncated()) body += "\n\n[cut at " + maxBytes + " bytes (tools.http_max_bytes)]";
        return r.status() >= 400 ? ToolOutput.error(head + body) : ToolOutput.ok(head + body);
    }

    private static Charset charset(String type) {
        int i = type.indexOf("charset=");
        if (i < 0) return StandardCharsets.UTF_8;
        try {
            return Charset.forName(type.substring(i + 8).split(";")[0].replace("\"", "").strip());
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static URI parse(String url) {
        try {
            return new URI(url).normalize();
        } catch (URISyntaxException e) {
            throw new ToolRefusal(ErrorCode.FETCH_REFUSED, "not a valid URL: " + e.getMessage());
        }
    }
}
