package io.blufio.bench;

import io.blufio.fixtures.FakeAnthropicServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Attack benchmark (issue 11), on loopback only, against the real daemon (distribution launcher, real JVM flags):
 *
 * <ol>
 *   <li>{@code bodies} connections (200) each declaring a 1 MiB body and sending 1 MiB - 16 bytes of it without
 *       a signature, reopened 1 s after the daemon answers or closes them, for {@code phase_s} seconds;
 *   <li>{@code slowloris} connections (3,000) each sending a request line and then one header byte every 5 s,
 *       reopened 1 s after the daemon closes them, for {@code phase_s} seconds.
 * </ol>
 *
 * Throughout, a prober opens a new connection for {@code GET /health} every 50 ms; each phase sends signed turns.
 * Prints whether the daemon stayed up, /health latency (p50, p99, max, failures) per phase, the signed turns,
 * and RSS before, during (max) and 30 s after. Usage: bench/attack.sh [bodies] [slowloris] [phase_s]. Not part of
 * the test suite; bounded in connections and time.
 */
public final class AttackBench {
    private static final long PROBE_EVERY_MS = 50;
    private static final int PROBE_TIMEOUT_MS = 5_000;

    public static void main(String[] args) throws Exception {
        int bodies = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int slowloris = args.length > 1 ? Integer.parseInt(args[1]) : 3_000;
        int phaseS = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Path launcher = Path.of(System.getProperty("blufio.launcher"));
        Path tmp = Files.createTempDirectory("blufio-attack");
        try (FakeAnthropicServer llm = new FakeAnthropicServer();
             BenchDaemon d = new BenchDaemon(launcher, tmp.resolve("data"), Map.of(
                     "ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY, "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(),
                     "BLUFIO_AGENT__LOG_LEVEL", "warn", "BLUFIO_MEMORY__ENABLED", System.getProperty("blufio.memory", "false")))) {
            for (int i = 0; i < 20; i++) d.turn("warm-up", "warm up " + i);
            Thread.sleep(5_000);
            double idle = d.rssBytes() / 1048576.0;
            System.out.printf("attack: pid %d, port %d, idle RSS %.1f MB; %d bodies, %d slowloris, %d s a phase%n",
                    d.pid(), d.port(), idle, bodies, slowloris, phaseS);

            Phase p1 = new Phase("1 MiB - 16 B unsigned bodies x " + bodies);
            run(d, p1, phaseS, stop -> bodyAttacker(d.port(), stop, p1), bodies);
            Phase p2 = new Phase("slowloris x " + slowloris);
            run(d, p2, phaseS, stop -> slowAttacker(d.port(), stop, p2), slowloris);

            Thread.sleep(30_000);
            double after = d.rssBytes() / 1048576.0;
            boolean up = d.alive() && probe(d.port()) >= 0;
            System.out.printf("daemon stayed up: %s; RSS idle %.1f MB, max during phase 1 %.1f MB, phase 2 %.1f MB, 30 s after %.1f MB%n",
                    up ? "yes" : "NO", idle, p1.maxRss, p2.maxRss, after);
            // SerialGC never collects an idle heap by itself: show how much of the rest is committed heap, not a leak
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            if (Files.isExecutable(jcmd)) {
                new ProcessBuilder(jcmd.toString(), Long.toString(d.pid()), "GC.run").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
                Thread.sleep(5_000);
                System.out.printf("RSS after one full GC (jcmd GC.run): %.1f MB%n", d.rssBytes() / 1048576.0);
            }
        }
    }

    /** One attack phase and what was measured during it. */
    static final class Phase {
        final String name;
        final List<Long> probeNanos = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger probeFailures = new AtomicInteger();
        final AtomicLong attempts = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong closedByDaemon = new AtomicLong();
        final AtomicInteger open = new AtomicInteger();
        volatile double maxRss;
        int turnsOk;
        int turns;
        double turnMaxMs;

        Phase(String name) {
            this.name = name;
        }
    }

    @FunctionalInterface
    interface Attacker {
        void run(AtomicBoolean stop) throws Exception;
    }

    private static void run(BenchDaemon d, Phase p, int seconds, Attacker attacker, int connections) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    attacker.run(stop);
                } catch (Exception e) {
                    // an attacker thread ends on an unexpected error; the others go on
                }
            }));
        }
        // a platform thread, so the probe's own timing does not queue behind the attackers' virtual threads
        Thread prober = Thread.ofPlatform().priority(Thread.MAX_PRIORITY).start(() -> {
            while (!stop.get()) {
                long ns = probe(d.port());
                if (ns < 0) p.probeFailures.incrementAndGet();
                else p.probeNanos.add(ns);
                sleep(PROBE_EVERY_MS);
            }
        });
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long nextTurn = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < end) {
            p.maxRss = Math.max(p.maxRss, d.rssBytes() / 1048576.0);
            if (System.nanoTime() >= nextTurn) {
                long t0 = System.nanoTime();
                boolean ok = d.turn("under-attack", "are you still there?");
                p.turns++;
                if (ok) p.turnsOk++;
                p.turnMaxMs = Math.max(p.turnMaxMs, (System.nanoTime() - t0) / 1e6);
                nextTurn = System.nanoTime() + 5_000_000_000L;
            }
            sleep(500);
        }
        stop.set(true);
        prober.join();
        for (Thread t : threads) t.interrupt();
        List<Long> ns;
        synchronized (p.probeNanos) {
            ns = new ArrayList<>(p.probeNanos);
        }
        Collections.sort(ns);
        System.out.printf("phase %s: %d connection attempts (%d open at the end), %d answered by the daemon, %d closed by it%n",
                p.name, p.attempts.get(), p.open.get(), p.answered.get(), p.closedByDaemon.get());
        System.out.printf("  /health over new connections: %d probes, %d failed; p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                ns.size() + p.probeFailures.get(), p.probeFailures.get(), pct(ns, 0.50), pct(ns, 0.99), ns.isEmpty() ? 0 : ns.get(ns.size() - 1) / 1e6);
        System.out.printf("  signed turns during the attack: %d of %d ok (slowest %.0f ms); RSS max %.1f MB%n",
                p.turnsOk, p.turns, p.turnMaxMs, p.maxRss);
        Thread.sleep(3_000);  // let the daemon close what is left before the next phase
    }

    /** Declares 1 MiB, sends all but 16 bytes unsigned, holds; reopens 1 s after the daemon answers or closes. */
    private static void bodyAttacker(int port, AtomicBoolean stop, Phase p) {
        byte[] head = ("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + (1 << 20) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'a');
        while (!stop.get()) {
            p.attempts.incrementAndGet();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                p.open.incrementAndGet();
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(head);
                    int left = (1 << 20) - 16;
                    while (left > 0) {
                        int n = Math.min(left, chunk.length);
                        out.write(chunk, 0, n);
                        left -= n;
                    }
                    out.flush();
                    s.setSoTimeout(1_000);
                    InputStream in = s.getInputStream();
                    while (!stop.get()) {
                        try {
                            int b = in.read();
                            if (b < 0) break;
                            p.answered.incrementAndGet();
                            in.readNBytes(in.available());
                            break;
                        } catch (java.net.SocketTimeoutException e) {
                            // still held: keep holding
                        }
                    }
                    p.closedByDaemon.incrementAndGet();
                } finally {
                    p.open.decrementAndGet();
                }
            } catch (IOException e) {
                p.closedByDaemon.incrementAndGet();
            }
            sleep(1_000);
        }
    }

    /** Sends a request line, then one header byte every 5 s; reopens 1 s after the daemon closes. */
    private static void slowAttacker(int port, AtomicBoolean stop, Phase p) {
        while (!stop.get()) {
            p.attempts.incrementAndGet();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                p.open.incrementAndGet();
                try {
                    OutputStream out = s.getOutputStream();
                    out.write("GET /health HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.setSoTimeout(5_000);
                    InputStream in = s.getInputStream();
                    while (!stop.get()) {
                        try {
                            if (in.read() < 0) break;  // closed by the daemon
                        } catch (java.net.SocketTimeoutException e) {
                            out.write('a');
                            out.flush();
                        }
                    }
                    p.closedByDaemon.incrementAndGet();
                } finally {
                    p.open.decrementAndGet();
                }
            } catch (IOException e) {
                p.closedByDaemon.incrementAndGet();
            }
            sleep(1_000);
        }
    }

    /** Returns the time of one {@code GET /health} over a new connection in ns, or -1 when it failed or was not 200. */
    static long probe(int port) {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), PROBE_TIMEOUT_MS);
            s.setSoTimeout(PROBE_TIMEOUT_MS);
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = s.getInputStream().readAllBytes();
            String status = new String(answer, 0, Math.min(12, answer.length), StandardCharsets.US_ASCII);
            return status.startsWith("HTTP/1.1 200") ? System.nanoTime() - t0 : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static double pct(List<Long> sorted, double q) {
        if (sorted.isEmpty()) return 0;
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
