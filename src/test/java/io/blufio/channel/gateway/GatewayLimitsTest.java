package io.blufio.channel.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.blufio.auth.DeviceKeys;
import io.blufio.auth.NonceCache;
import io.blufio.auth.RequestSigner;
import io.blufio.auth.RequestVerifier;
import io.blufio.store.Database;
import io.blufio.store.DeviceStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's transport limits over real loopback sockets, with real signatures checked against devices in a
 * real SQLite file. Limits are shrunk (1 s deadlines, a handful of slots) so each is reached quickly; every
 * assertion is on what the server did (answered, closed, counted), never on how long it took.
 */
final class GatewayLimitsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final GatewayLimits SMALL = new GatewayLimits(4, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
            1024, Duration.ofSeconds(5), 1024, 8, 1);

    @TempDir Path dir;
    private Database db;
    private KeyPair key;
    private GatewayServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger posts = new AtomicInteger();
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void setUp() {
        db = Database.open(dir.resolve("t.db"));
        DeviceStore devices = new DeviceStore(db);
        key = DeviceKeys.generate();
        devices.add("laptop", DeviceKeys.rawPublicKey(key.getPublic()), Instant.now());
        start(SMALL, new RequestVerifier(devices, Clock.systemUTC(), new NonceCache()));
    }

    private void start(GatewayLimits limits, RequestVerifier verifier) {
        List<Route> routes = List.of(
                new Route("GET", "/health", false, r -> r.respondJson(200, Map.of("status", "healthy"))),
                new Route("GET", "/block", false, r -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    r.respondJson(200, Map.of());
                }),
                new Route("POST", "/v1/echo", true, r -> {
                    posts.incrementAndGet();
                    r.respondJson(200, Map.of("device", r.device(), "content", r.jsonBody().path("content").asText()));
                }));
        RequestAuthenticator auth = (method, path, query, header, length) -> {
            var v = verifier.verifyHeaders(method, path, query, header, length);
            return v.ok() ? Optional.of(new RequestAuthenticator.Signed(v.deviceName(), sha -> RequestVerifier.bodyMatches(header, sha)))
                    : Optional.empty();
        };
        server = new GatewayServer("127.0.0.1", 0, routes, auth, limits, System::nanoTime);
        server.start();
    }

    @AfterEach
    void tearDown() throws IOException {
        release.countDown();
        for (Socket s : sockets) s.close();
        server.stop();
        db.close();
    }

    // ---------------------------------------------------------------- authentication before the body

    @Test
    void unsignedPostDeclaringABody_is401BeforeTheBodyIsSent() throws Exception {
        Socket s = open();
        send(s, "POST /v1/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1048560\r\n\r\n" + "x".repeat(16));

        assertThat(statusLine(s)).isEqualTo("HTTP/1.1 401 Unauthorized");  // 1 MiB - 16 bytes never sent
        assertThat(posts).hasValue(0);
    }

    @Test
    void signedPost_bodyStreamedAndDigestChecked_runsTheHandler() throws Exception {
        byte[] body = "{\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        Socket s = open();
        send(s, signedHead("/v1/echo", body, body.length, false) + new String(body, StandardCharsets.UTF_8));

        String answer = readAnswer(s);
        assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("\"device\":\"laptop\"").contains("\"content\":\"hi\"");
    }

    @Test
    void signedPost_withAnotherBodyThanSigned_is401AndTheHandlerNeverRuns() throws Exception {
        byte[] signedBody = "{\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        String other = "{\"content\":\"HI\"}";
        Socket s = open();
        send(s, signedHead("/v1/echo", signedBody, signedBody.length, false) + other);

        assertThat(statusLine(s)).isEqualTo("HTTP/1.1 401 Unauthorized");
        assertThat(posts).hasValue(0);
    }

    @Test
    void expectContinue_getsAnInterim100OnlyAfterTheSignatureVerified() throws Exception {
        byte[] body = "{\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        Socket s = open();
        send(s, signedHead("/v1/echo", body, body.length, true));
        assertThat(statusLine(s)).isEqualTo("HTTP/1.1 100 Continue");
        readLine(s.getInputStream());  // the blank line ending the interim answer
        send(s, new String(body, StandardCharsets.UTF_8));
        assertThat(statusLine(s)).isEqualTo("HTTP/1.1 200 OK");

        Socket unsigned = open();
        send(unsigned, "POST /v1/echo HTTP/1.1\r\nContent-Length: 16\r\nExpect: 100-continue\r\n\r\n");
        assertThat(statusLine(unsigned)).isEqualTo("HTTP/1.1 401 Unauthorized");
    }

    @Test
    void declaredBodyOverTheLimit_is413WithoutReadingIt() throws Exception {
        Socket s = open();
        send(s, "POST /v1/echo HTTP/1.1\r\nContent-Length: " + (GatewayServer.MAX_BODY_BYTES + 1) + "\r\n\r\n");
        assertThat(statusLine(s)).isEqualTo("HTTP/1.1 413 Content Too Large");
    }

    // ---------------------------------------------------------------- deadlines

    @Test
    void slowloris_headersNotCompleteWithinTheHeaderTimeout_isClosed() throws Exception {
        Socket s = open();
        send(s, "GET /health HTTP/1.1\r\nX-Slow: ");

        await().atMost(PATIENCE).until(() -> server.stats().timedOut() >= 1);
        assertThat(readAll(s)).isEmpty();  // closed without an answer
        assertThat(get("/health")).startsWith("HTTP/1.1 200");
    }

    @Test
    void connectionThatNeverSendsAByte_isClosedAtTheHeaderTimeout() throws Exception {
        Socket s = open();
        assertThat(readAll(s)).isEmpty();
        assertThat(server.stats().timedOut()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void bodySlowerThanTheMinimumRate_isClosed() throws Exception {
        byte[] body = ("{\"content\":\"" + "a".repeat(4000) + "\"}").getBytes(StandardCharsets.UTF_8);
        Socket s = open();
        send(s, signedHead("/v1/echo", body, body.length, false) + "{\"content\":\"a");  // then nothing: 1 s + 4 s allowed

        assertThat(readAll(s)).isEmpty();
        assertThat(server.stats().timedOut()).isGreaterThanOrEqualTo(1);
        assertThat(posts).hasValue(0);
    }

    @Test
    void keptAliveConnection_servesSeveralRequests_thenClosesWhenIdle() throws Exception {
        Socket s = open();
        send(s, "GET /health HTTP/1.1\r\n\r\n");
        assertThat(readAnswer(s)).startsWith("HTTP/1.1 200");
        send(s, "GET /health HTTP/1.1\r\n\r\n");
        assertThat(readAnswer(s)).startsWith("HTTP/1.1 200");

        assertThat(readAll(s)).isEmpty();  // idle timeout
    }

    // ---------------------------------------------------------------- caps

    @Test
    void atTheConnectionCap_theOldestWaitingForHeadersMakesRoom_andHealthStillAnswers() throws Exception {
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < SMALL.maxConnections(); i++) {
            Socket s = open();
            send(s, "GET /health HTTP/1.1\r\nX: ");
            slow.add(s);
            await().atMost(PATIENCE).until(() -> server.stats().open() == slow.size());
        }

        assertThat(get("/health")).startsWith("HTTP/1.1 200");
        assertThat(server.stats().evicted()).isGreaterThanOrEqualTo(1);
        assertThat(readAll(slow.get(0))).isEmpty();  // the oldest went first
    }

    @Test
    void atTheConnectionCap_slowHeadersAreEvictedBeforeAnIdleKeptAliveClient() throws Exception {
        server.stop();
        start(new GatewayLimits(4, Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(1), 1024, Duration.ofSeconds(5), 1024, 8, 1),
                new RequestVerifier(new DeviceStore(db), Clock.systemUTC(), new NonceCache()));
        Socket client = open();
        send(client, "GET /health HTTP/1.1\r\n\r\n");
        assertThat(readAnswer(client)).startsWith("HTTP/1.1 200");  // now idle, and the oldest connection
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket s = open();
            send(s, "GET /health HTTP/1.1\r\nX: ");
            slow.add(s);
            await().atMost(PATIENCE).until(() -> server.stats().open() == slow.size() + 1);
        }

        assertThat(get("/health")).startsWith("HTTP/1.1 200");
        assertThat(readAll(slow.get(0))).isEmpty();
        send(client, "GET /health HTTP/1.1\r\n\r\n");
        assertThat(readAnswer(client)).startsWith("HTTP/1.1 200");
    }

    @Test
    void atTheConnectionCap_withEverySlotBusyInAHandler_newConnectionsGet503() throws Exception {
        for (int i = 0; i < SMALL.maxConnections(); i++) send(open(), "GET /block HTTP/1.1\r\n\r\n");
        await().atMost(PATIENCE).until(() -> server.stats().open() == SMALL.maxConnections());
        await().atMost(PATIENCE).until(() -> get("/health").startsWith("HTTP/1.1 503"));

        assertThat(server.stats().refused()).isGreaterThanOrEqualTo(1);
        release.countDown();
        await().atMost(PATIENCE).until(() -> get("/health").startsWith("HTTP/1.1 200"));
    }

    @Test
    void bodiesInFlightCap_reached_nextSignedBodyGets503Busy() throws Exception {
        server.stop();
        start(new GatewayLimits(8, Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(600), 1024, Duration.ofSeconds(5),
                1024, 8, 1), new RequestVerifier(new DeviceStore(db), Clock.systemUTC(), new NonceCache()));
        byte[] body = "{\"content\":\"held\"}".getBytes(StandardCharsets.UTF_8);
        Socket holder = open();
        send(holder, signedHead("/v1/echo", body, body.length, false) + "{\"con");  // holds the one body slot
        byte[] second = "{\"content\":\"two\"}".getBytes(StandardCharsets.UTF_8);
        await().atMost(PATIENCE).until(() -> {
            Socket s = open();
            send(s, signedHead("/v1/echo", second, second.length, false) + new String(second, StandardCharsets.UTF_8));
            String a = readAnswer(s);
            return a.startsWith("HTTP/1.1 503") && a.contains("\"busy\"") && a.contains("Retry-After: 1");
        });
    }

    // ---------------------------------------------------------------- malformed heads

    @Test
    void malformedHeads_areRefusedWithTheirStatus() throws Exception {
        assertThat(raw("GET /health HTTP/1.1\r\nX: " + "a".repeat(2000) + "\r\n\r\n")).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
        StringBuilder many = new StringBuilder("GET /health HTTP/1.1\r\n");
        for (int i = 0; i < 9; i++) many.append("X-").append(i).append(": 1\r\n");
        assertThat(raw(many + "\r\n")).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
        assertThat(raw("POST /v1/echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")).isEqualTo("HTTP/1.1 411 Length Required");
        assertThat(raw("POST /v1/echo HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(raw("GET /health HTTP/1.1\r\nX : 1\r\n\r\n")).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(raw("GET /health HTTP/1.1\r\nX: 1\r\n folded\r\n\r\n")).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(raw("GET /health\r\n\r\n")).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(raw("GET /health HTTP/2.0\r\n\r\n")).isEqualTo("HTTP/1.1 505 HTTP Version Not Supported");
        assertThat(raw("GET /health HTTP/1.1\r\nExpect: magic\r\n\r\n")).isEqualTo("HTTP/1.1 417 Expectation Failed");
        assertThat(get("/health")).startsWith("HTTP/1.1 200");
    }

    // ---------------------------------------------------------------- helpers

    private String signedHead(String path, byte[] body, int length, boolean expectContinue) {
        StringBuilder sb = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n");
        RequestSigner.sign("POST", path, null, body, "laptop", key.getPrivate(), Instant.now(), RequestSigner.newNonce())
                .forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("Content-Length: ").append(length).append("\r\n");
        if (expectContinue) sb.append("Expect: 100-continue\r\n");
        return sb.append("\r\n").toString();
    }

    private Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout((int) PATIENCE.toMillis());
        sockets.add(s);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private String get(String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout((int) PATIENCE.toMillis());
            send(s, "GET " + path + " HTTP/1.1\r\nConnection: close\r\n\r\n");
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private String raw(String request) throws IOException {
        Socket s = open();
        send(s, request);
        return statusLine(s);
    }

    private static String statusLine(Socket s) throws IOException {
        return readLine(s.getInputStream());
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) if (b != '\r') line.write(b);
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads one answer framed by Content-Length (status line, fields, body). */
    private static String readAnswer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder sb = new StringBuilder();
        int length = 0;
        for (String line; !(line = readLine(in)).isEmpty(); ) {
            sb.append(line).append("\r\n");
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(line.substring(15).strip());
        }
        sb.append("\r\n").append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
        return sb.toString();
    }

    /** Reads until the server closes; returns what came (a timeout here fails the test). */
    private static String readAll(Socket s) throws IOException {
        try {
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection", e);
        }
    }
}
