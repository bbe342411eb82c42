package io.blufio.bench;

import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.fixtures.FakeLlmServer;
import io.blufio.fixtures.FakeOpenAiServer;
import io.blufio.fixtures.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Wire and footprint benchmark of the provider adapters (issue 13): for each protocol, the request bytes of
 * one simple turn ("hello", default tools) and the daemon's VmRSS after {@code idle} seconds of idling
 * with the provider configured, then again {@code idle} seconds after one turn (memory off, so the
 * embedding model stays out of the figure). Usage: bench/wire.sh [idle seconds, default 30]. Not part of
 * the test suite.
 */
public final class WireBench {
    public static void main(String[] args) throws Exception {
        long idle = args.length > 0 ? Long.parseLong(args[0]) : 30;
        Path launcher = Path.of(System.getProperty("blufio.launcher"));
        for (String protocol : new String[] {"anthropic", "openai"}) {
            try (FakeLlmServer llm = protocol.equals("anthropic") ? new FakeAnthropicServer() : new FakeOpenAiServer()) {
                Map<String, String> env = new HashMap<>();
                if (protocol.equals("anthropic")) {
                    env.put("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY);
                    env.put("BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url());
                } else {
                    env.put("BLUFIO_LLM__PROVIDER", "openai");
                    env.put("OPENAI_API_KEY", FakeOpenAiServer.API_KEY);
                    env.put("BLUFIO_LLM__OPENAI__BASE_URL", llm.url());
                }
                try (BenchDaemon d = new BenchDaemon(launcher, Files.createTempDirectory("blufio-wire").resolve("data"), env)) {
                    if (!d.turn("wire", "hello")) throw new IllegalStateException("the turn failed");
                    RecordedRequest r = llm.lastRequest();
                    String raw = r.rawText();
                    System.out.printf("%-9s simple turn request: %6d bytes (%d tools, %s)%n", protocol, r.bodyBytes(),
                            r.body().path("tools").size(), raw.contains("\n") ? "pretty-printed" : "compact");
                }
                env.put("BLUFIO_MEMORY__ENABLED", "false");
                try (BenchDaemon d = new BenchDaemon(launcher, Files.createTempDirectory("blufio-wire").resolve("data"), env)) {
                    Thread.sleep(idle * 1000);
                    double before = d.rssBytes() / 1048576.0;
                    if (!d.turn("wire", "hello")) throw new IllegalStateException("the turn failed");
                    Thread.sleep(idle * 1000);
                    System.out.printf("%-9s idle RSS after %d s: %6.1f MB; %d s after one turn: %6.1f MB%n", protocol, idle,
                            before, idle, d.rssBytes() / 1048576.0);
                }
            }
        }
    }
}
