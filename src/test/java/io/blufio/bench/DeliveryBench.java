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
 *   <li>{@code runs} times: a 3-part answer, {@code kill -9} at a random moment while its parts go out
 *       ({@code send_ms} each), restart; counts how often each part reached the user.</li>
 * </ol>
 * Usage: bench/delivery.sh [send_ms] [runs]. Not part of the test suite.
 */
public final class DeliveryBench {
    private static final long OWNER = 42;

    public static void main(String[] args) throws Exception {
        int sendMs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path launcher = Path.of(System.getProperty("blufio.launcher"));
        latency(launcher, sendMs);
        crashes(launcher, sendMs, runs);
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
            for (int i = 0; i < 5; i++) d.turn("warm", "warm up " + i);
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
        int dupRuns = 0;
        int missing = 0;
        for (int run = 1; run <= runs; run++) {
            Path tmp = Files.createTempDirectory("blufio-crash");
            try (FakeAnthropicServer llm = new FakeAnthropicServer(); FakeTelegramServer tg = new FakeTelegramServer()) {
                tg.slowSends(Duration.ofMillis(sendMs));
                llm.enqueueText(answer);
                Map<String, String> env = env(llm, tg);
                BenchDaemon d = new BenchDaemon(launcher, tmp.resolve("data"), env);
                tg.userSends(OWNER, "owner", "a long answer, please");
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (tg.calls("sendMessage").isEmpty() && System.nanoTime() < deadline) Thread.sleep(5);
                long killAfter = random.nextInt(3 * sendMs + 1);  // somewhere while the three parts go out
                Thread.sleep(killAfter);
                d.kill();
                int before = tg.messagesTo(OWNER).size();
                Files.deleteIfExists(tmp.resolve("data/daemon.json"));
                try (BenchDaemon again = new BenchDaemon(launcher, tmp.resolve("data"), env)) {
                    while (count(tg, "PART-THREE") == 0 && System.nanoTime() < deadline + Duration.ofSeconds(60).toNanos()) Thread.sleep(20);
                    Thread.sleep(2_000);
                }
                List<Long> counts = new ArrayList<>();
                for (String m : marks) counts.add(count(tg, m));
                boolean once = counts.stream().allMatch(c -> c == 1);
                if (once) exact++;
                if (counts.stream().anyMatch(c -> c > 1)) dupRuns++;
                if (counts.stream().anyMatch(c -> c == 0)) missing++;
                System.out.printf("crash run %2d: kill -9 %4d ms after the first send (%d part(s) shown then); parts 1..3 seen %s times%s%n",
                        run, killAfter, before, counts, once ? "" : counts.stream().anyMatch(c -> c == 0) ? "  <- MISSING" : "  <- duplicate (send answered, not recorded)");
            }
        }
        System.out.printf("crash runs: %d of %d exactly once; %d with a duplicate part (the documented window); %d with a missing part%n",
                exact, runs, dupRuns, missing);
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
