package io.blufio.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.blufio.config.ToolsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSRF guard of http_fetch: a corpus of URLs that must be refused, and a loopback server opened by the allow-list. */
final class HttpFetchToolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Names resolved by the test resolver (no network): public-looking names that point inside. */
    private static final Map<String, String> DNS = Map.of(
            "internal.example.com", "10.1.2.3",
            "router.example.com", "192.168.1.1",
            "meta.example.com", "169.254.169.254",
            "carrier.example.com", "100.64.0.1",
            "loop.example.com", "127.0.0.1",
            "six.example.com", "::1",
            "ula.example.com", "fd00:ec2::254",
            "news.example.com", "127.0.0.1",
            "public.example.com", "93.184.215.14");
    private HttpServer server;

    static InetAddress[] resolve(String host) throws UnknownHostException {
        String ip = DNS.get(host);
        if (ip == null) throw new UnknownHostException(host);
        return new InetAddress[] {InetAddress.getByName(ip)};
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/page", ex -> {
            byte[] b = "<html><head><script>x()</script></head><body><h1>Local news</h1><p>All quiet &amp; calm.</p></body></html>"
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.createContext("/to", ex -> {
            ex.getResponseHeaders().add("Location", ex.getRequestURI().getQuery().substring(2));  // ?u=<target>
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.createContext("/big", ex -> {
            ex.getResponseHeaders().add("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write("y".repeat(5000).getBytes(StandardCharsets.UTF_8));
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private HttpFetchTool tool(List<String> allow, int maxBytes) {
        return new HttpFetchTool(new ToolsConfig(null, null, allow, maxBytes, 5, null), HttpFetchToolTest::resolve);
    }

    private ToolOutput fetch(HttpFetchTool tool, String url) {
        return new ToolRegistry(List.of(tool)).call("http_fetch", JSON.createObjectNode().put("url", url).toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "http://127.0.0.1/", "https://127.0.0.1/", "https://127.1/", "https://2130706433/", "https://0177.0.0.1/",
        "https://0x7f.0.0.1/", "https://0x7f000001/", "https://017700000001/", "https://127.000.000.001/",
        "https://localhost/", "https://localhost./", "https://LOCALHOST/", "https://api.localhost/",
        "https://[::1]/", "https://[::ffff:127.0.0.1]/", "https://[::ffff:7f00:1]/", "https://[::127.0.0.1]/",
        "https://[0:0:0:0:0:0:0:1]/", "https://[::]/", "https://0.0.0.0/", "https://0/",
        "https://169.254.169.254/latest/meta-data/", "https://[fd00:ec2::254]/", "https://100.64.0.1/", "https://100.100.100.200/",
        "https://10.0.0.1/", "https://172.16.5.4/", "https://192.168.0.1/", "https://192.0.0.192/", "https://224.0.0.1/",
        "https://255.255.255.255/", "https://[fe80::1]/", "https://[ff02::1]/", "https://[64:ff9b::a00:1]/", "https://[2002:7f00:1::]/",
        "https://internal.example.com/", "https://router.example.com/admin", "https://meta.example.com/latest/meta-data/iam",
        "https://carrier.example.com/", "https://loop.example.com/", "https://six.example.com/", "https://ula.example.com/",
        "file:///etc/passwd", "ftp://public.example.com/", "gopher://public.example.com/", "https://user:pw@public.example.com/",
        "http://public.example.com/"
    })
    void fetch_refusesNonPublicTargets(String url) {
        ToolOutput out = fetch(tool(List.of(), 1 << 20), url);
        assertThat(out.isError()).as(out.content()).isTrue();
        assertThat(out.content()).contains("refused");
    }

    @Test
    void fetch_publicLookingNameOnLoopback_isRefusedUntilItsAddressIsAllowListed() {
        String url = "http://news.example.com:" + server.getAddress().getPort() + "/page";

        ToolOutput refused = fetch(tool(List.of(), 1 << 20), url);
        assertThat(refused.isError()).isTrue();
        assertThat(refused.content()).contains("127.0.0.1, a loopback address", "tools.http_allow_private");

        ToolOutput ok = fetch(tool(List.of("127.0.0.1/32"), 1 << 20), url);
        assertThat(ok.isError()).as(ok.content()).isFalse();
        assertThat(ok.content()).contains("HTTP 200", "Local news", "All quiet & calm.").doesNotContain("<h1>", "x()");
    }

    @ParameterizedTest(name = "redirect to {0}")
    @ValueSource(strings = {"http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "https://internal.example.com/",
        "http://localhost/", "http://[::1]/", "https://meta.example.com/"})
    void fetch_redirectToPrivateTarget_isRefusedAfterTheHop(String target) {
        String url = "http://news.example.com:" + server.getAddress().getPort() + "/to?u=" + target;
        ToolOutput out = fetch(tool(List.of("127.0.0.1/32"), 1 << 20), url);
        assertThat(out.isError()).as(out.content()).isTrue();
        assertThat(out.content()).contains("refused");
    }

    @Test
    void fetch_redirectWithinAllowedHost_isFollowed() {
        int port = server.getAddress().getPort();
        String url = "http://news.example.com:" + port + "/to?u=http://news.example.com:" + port + "/page";
        assertThat(fetch(tool(List.of("127.0.0.1/32"), 1 << 20), url).content()).contains("Local news");
    }

    @Test
    void fetch_bodyOverLimit_isCutAtExactlyTheLimit() {
        String url = "http://news.example.com:" + server.getAddress().getPort() + "/big";
        ToolOutput out = fetch(tool(List.of("127.0.0.1/32"), 4999), url);
        assertThat(out.content()).contains("y".repeat(4999) + "\n\n[cut at 4999 bytes (tools.http_max_bytes)]");
        assertThat(fetch(tool(List.of("127.0.0.1/32"), 5000), url).content()).doesNotContain("[cut at").endsWith("y".repeat(5000));
    }

    /**
     * A stand-in that accepts, reads the request, then sends its status line and headers one byte every
     * 100 ms without end: each read is quick, only an overall deadline can stop the fetch.
     */
    @Test
    void fetch_serverTricklingHeaders_failsAtTheOverallDeadline() throws Exception {
        try (java.net.ServerSocket trickle = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (java.net.Socket s = trickle.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    byte[] head = "HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1);
                    for (int i = 0; ; i++) {
                        s.getOutputStream().write(i < head.length ? head[i] : 'a');
                        s.getOutputStream().flush();
                        Thread.sleep(100);
                    }
                } catch (IOException | InterruptedException closed) {
                    // the client gave up
                }
            });
            HttpFetchTool oneSecond = new HttpFetchTool(new ToolsConfig(null, null, List.of("127.0.0.1/32"), 1 << 20, 1, null),
                    HttpFetchToolTest::resolve);
            String url = "http://news.example.com:" + trickle.getLocalPort() + "/slow";
            ToolOutput out = java.util.concurrent.CompletableFuture.supplyAsync(() -> fetch(oneSecond, url))
                    .get(60, java.util.concurrent.TimeUnit.SECONDS);  // generous: before the fix it never returned
            assertThat(out.isError()).isTrue();
            assertThat(out.content()).contains("no complete answer within", "tools.http_timeout_s");
        }
    }
}
