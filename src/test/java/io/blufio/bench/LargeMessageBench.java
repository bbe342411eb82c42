package io.blufio.bench;

import io.blufio.fixtures.FakeAnthropicServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Large-message benchmark (issue 11, item 8): peak RSS (VmHWM) of {@code serve} (real launcher and JVM
 * flags, memory on, default limits) around one message of about 1 MiB, the largest body the gateway
 * accepts. The embedding model is loaded first by a short turn, so the figure shows what the big
 * message adds. Usage: bench/large-message.sh [KiB of body, default 1024]. Not part of the test suite.
 */
public final class LargeMessageBench {
    private static final String[] WORDS = ("cat dog garden server backup invoice train berlin coffee sister birthday debian "
            + "football piano recipe tomato mortgage dentist flight hotel meeting project deadline python java budget").split(" ");

    public static void main(String[] args) throws Exception {
        int kib = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        Path launcher = Path.of(System.getProperty("blufio.launcher"));
        Random rnd = new Random(11);
        StringBuilder text = new StringBuilder(kib * 1024);
        int chars = kib * 1024 - 128;  // the JSON body {"content":...,"session":"big"} stays within the 1 MiB limit
        while (text.length() < chars) text.append(WORDS[rnd.nextInt(WORDS.length)]).append(rnd.nextInt(10) == 0 ? ". " : " ");
        text.setLength(chars);
        try (FakeAnthropicServer llm = new FakeAnthropicServer()) {
            Map<String, String> env = Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY, "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url());
            Path tmp = Files.createTempDirectory("blufio-large");
            try (BenchDaemon d = new BenchDaemon(launcher, tmp.resolve("data"), env)) {
                d.turn("warm", "remember that my cat is called Miso");  // loads the embedding model
                Thread.sleep(3_000);
                long before = hwm(d.pid());
                System.out.printf("RSS after one short turn (model loaded): %.1f MB, peak so far (VmHWM) %.1f MB%n",
                        d.rssBytes() / 1048576.0, before / 1048576.0);
                llm.enqueueText("That is a long message.");
                long t0 = System.nanoTime();
                boolean ok = d.turn("big", text.toString());
                long ms = (System.nanoTime() - t0) / 1_000_000;
                long after = hwm(d.pid());
                System.out.printf("one message of %,d characters: %s in %,d ms; peak RSS (VmHWM) %.1f MB (+%.1f MB); RSS now %.1f MB%n",
                        text.length(), ok ? "answered" : "NOT answered", ms, after / 1048576.0, (after - before) / 1048576.0,
                        d.rssBytes() / 1048576.0);
                System.out.printf("unit limit MemoryMax=256M: %s%n", after < 256L * 1048576 ? "under" : "OVER");
            }
        }
    }

    /** Returns VmHWM (the peak resident set) of {@code pid} in bytes, from /proc. */
    private static long hwm(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
        return -1;
    }
}
