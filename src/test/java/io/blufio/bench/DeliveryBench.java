package io.blufio.bench;

import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.fixtures.FakeTelegramServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Reply delivery benchmark (issue 12), a real daemon against the loopback Telegram and Anthropic stand-ins.
 * <ol>
 *   <li>Latency of a signed API turn alone, then while 30 Telegram messages from 10 users are answered over a
 *       Bot API that takes {@code send_ms} per {@code sendMessage}; and how long those 30 take to arrive.</li>
 *   <li>{@code runs} times: a 3-part answer, restart after {@code kill -9}: odd runs at a random moment while its
 *       parts go out ({@code send_ms} each, so a send is nearly always in flight), even runs while part 2 waits
 *       for a retry (no send in flight); counts how often each part reached the user and names the part that
 *       was in flight at the kill (the documented duplicate window).</li>
 * </ol>
 * Usage: bench/delivery.sh [send_ms] [runs] ({@code BENCH_ONLY=crash} skips part 1). Not part of the test suite.
 */
public final class DeliveryBench {
    private static final long OWNER = 42;

    public static void main(String[] args) throws Exception {
        int sendMs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path launcher = Path.of(System.getProperty("blufio.launcher"));
        if (!"crash".equals(System.getenv("BENCH_ONLY"))) latency(launcher, sendMs);
        if (runs > 0) crashes(launcher, sendMs, runs);
    }

    private static Map<String, String> env(FakeAnthropicServer llm, FakeTelegramServer tg) {
        String users = IntStream.rangeClosed(1, 10).mapToObj(i -> "\"" + i + "\"").collect(Collectors.joining(", "));
        return new HashMap<>(Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY, "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(),
                "TELEGRAM_BOT_TOKEN", FakeTelegramServer.TOKEN, "BLUFIO_TELEGRAM__API_BASE_URL", tg.url(),
                "BLUFIO_TELEGRAM__POLL_TIMEOUT_S", "1", "BLUFIO_TELEGRAM__ALLOWED_USERS", "[" + users + ", \"" + OWNER + "\"]",
                "BLUFIO_AGENT__LOG_LEVEL", "warn", "BLUFIO_MEMORY__ENABLED", "false"));
    }

    private static void latency(Path launcher, int sendMs) throws Exception {
        Path tmp = Files.createTempDirectory("blufio-delivery");
        try (FakeAnthropicServer llm = new FakeAnthropicServer(); FakeTelegramServer tg = new FakeTelegramServer();
             BenchDaemon d = new BenchDaemon(launcher, tmp.resolve("data"), env(llm, tg))) {
            for (int i = 0; i < 50; i++) d.turn("warm", "warm up " + i);
            double[] alone = apiTurns(d, 20);
            tg.slowSends(Duration.ofMillis(sendMs));
            long t0 = System.nanoTime();
            for (int i = 0; i < 30; i++) tg.userSends(1 + i % 10, "u" + (1 + i % 10), "m" + i);
            double[] during = apiTurns(d, 20);
            boolean allIn = false;
            while (!allIn && System.nanoTime() - t0 < Duration.ofSeconds(120).toNanos()) {
                allIn = IntStream.rangeClosed(1, 10).allMatch(u -> tg.messagesTo(u).size() >= 3);
                Thread.sleep(20);
            }
            double allMs = (System.nanoTime() - t0) / 1e6;
            long dupes = IntStream.rangeClosed(1, 10).mapToLong(u -> tg.messagesTo(u).size() - tg.messagesTo(u).stream().map(s -> s.text()).distinct().count()).sum();
            int live = d.signed("GET", "/health/live", null).statusCode();
            System.out.printf("API turn (zero-latency LLM), 20 sequential: alone p50 %.1f ms, max %.1f ms; while 30 Telegram replies go out at %d ms/send: p50 %.1f ms, max %.1f ms%n",
                    pct(alone, 50), pct(alone, 100), sendMs, pct(during, 50), pct(during, 100));
            System.out.printf("30 Telegram messages from 10 users: %s answered in %.0f ms (%d duplicates); /health/live %d%n",
                    allIn ? "all" : "NOT all", allMs, dupes, live);
        }
    }

    private static double[] apiTurns(BenchDaemon d, int n) throws Exception {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            if (!d.turn("bench", "api turn " + i)) throw new IllegalStateException("API turn failed");
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        return ms;
    }

    private static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }

    private static void crashes(Path launcher, int sendMs, int runs) throws Exception {
        Random random = new Random();
        String[] marks = {"PART-ONE", "PART-TWO", "PART-THREE"};
        String answer = Arrays.stream(marks).map(DeliveryBench::paragraph).collect(Collectors.joining("\n\n"));
        int exact = 0;
        int window = 0;
        int bad = 0;
        for (int run = 1; run <= runs; run++) {
            boolean retryMode = run % 2 == 0;  // even runs: killed while part 2 waits for a retry (no send in flight)
            Path tmp = Files.createTempDirectory("blufio-crash");
            try (FakeAnthropicServer llm = new FakeAnthropicServer(); FakeTelegramServer tg = new FakeTelegramServer()) {
                tg.slowSends(Duration.ofMillis(sendMs));
                llm.enqueueText(answer);
                if (retryMode) tg.failSendsContaining("PART-TWO", 502);
                Map<String, String> env = env(llm, tg);
                BenchDaemon d = new BenchDaemon(launcher, tmp.resolve("data"), env);
                tg.userSends(OWNER, "owner", "a long answer, please");
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                // the reply is committed once its first part goes out as HTML (a streamed preview is plain text)
                while (htmlSends(tg, "") == 0 && System.nanoTime() < deadline) Thread.sleep(5);
                long killAfter;
                if (retryMode) {
                    while (htmlSends(tg, "PART-TWO") == 0 && System.nanoTime() < deadline) Thread.sleep(5);
                    killAfter = -1;
                } else {
                    killAfter = random.nextInt(3 * sendMs + 1);  // somewhere while the three parts go out
                    Thread.sleep(killAfter);
                }
                d.kill();
                // read at once: a send in flight at the kill is still in the fake's 300 ms, which finishes it later
                // (as Telegram would: it got the whole request)
                int requested = htmlSends(tg, "");
                int shown = tg.messagesTo(OWNER).size();
                int inFlight = retryMode ? 0 : requested - Math.min(requested, shownAtKill(tg));
                tg.failSendsContaining(null, 0);
                Files.deleteIfExists(tmp.resolve("data/daemon.json"));
                try (BenchDaemon again = new BenchDaemon(launcher, tmp.resolve("data"), env)) {
                    while (count(tg, "PART-THREE") == 0 && System.nanoTime() < deadline + Duration.ofSeconds(60).toNanos()) Thread.sleep(20);
                    Thread.sleep(2_000);
                }
                List<Long> counts = new ArrayList<>();
                for (String m : marks) counts.add(count(tg, m));
                String verdict;
                if (counts.stream().allMatch(c -> c == 1)) {
                    verdict = "exactly once";
                    exact++;
                } else if (inFlight == 1 && requested >= 1 && requested <= 3 && IntStream.range(0, 3)
                        .allMatch(i -> counts.get(i) == (i == requested - 1 ? 2 : 1))) {
                    verdict = "part " + requested + " twice: its send was in flight at the kill (the documented window)";
                    window++;
                } else {
                    verdict = "UNEXPECTED";
                    bad++;
                }
                System.out.printf("crash run %2d: %s; %d part(s) on screen after the kill; parts 1..3 seen %s times: %s%n", run,
                        retryMode ? "kill -9 while part 2 waits for a retry" : "kill -9 " + killAfter + " ms into the sends", shown, counts, verdict);
            }
        }
        System.out.printf("crash runs: %d of %d exactly once, %d with the in-flight part twice (documented window), %d unexpected%n",
                exact, runs, window, bad);
    }

    /**
     * Returns the calls that write a final part ({@code sendMessage}, or {@code editMessageText} of a streamed
     * preview for part 1; both with {@code parse_mode=HTML}, which previews never use) whose text starts with {@code prefix}.
     */
    private static int htmlSends(FakeTelegramServer tg, String prefix) {
        return (int) tg.calls().stream().filter(c -> (c.method().equals("sendMessage") || c.method().equals("editMessageText"))
                && "HTML".equals(c.params().path("parse_mode").asText(null)) && c.params().path("text").asText().startsWith(prefix)).count();
    }

    /** Returns how many HTML sends (final parts) have completed: their message exists. */
    private static int shownAtKill(FakeTelegramServer tg) {
        return (int) tg.messagesTo(OWNER).stream().filter(m -> "HTML".equals(m.parseMode())).count();
    }

    private static long count(FakeTelegramServer tg, String marker) {
        return tg.messagesTo(OWNER).stream().filter(s -> s.text().startsWith(marker)).count();
    }

    private static String paragraph(String marker) {
        StringBuilder sb = new StringBuilder(marker);
        for (int i = 0; sb.length() < 3_500; i++) sb.append(" sentence ").append(i).append(" of ").append(marker.toLowerCase()).append('.');
        return sb.toString();
    }
}
