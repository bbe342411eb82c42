package io.blufio.channel.telegram;

import io.blufio.Sleeper;
import io.blufio.agent.Agent;
import io.blufio.config.BlufioConfig;
import io.blufio.config.ConfigLoader;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.fixtures.FakeTelegramServer;
import io.blufio.llm.Providers;
import io.blufio.store.Database;
import io.blufio.tools.ToolRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One in-process Telegram channel against the fake Bot API and the fake Anthropic API, with a real agent
 * on real SQLite in a temp dir. Waits requested by the poll loop are recorded and shortened to 20 ms.
 */
final class TelegramHarness implements AutoCloseable {
    static final long OWNER = 42;
    /** Retries after 50 ms doubling to 400 ms (production: 2 s to 5 min), given up after 1 min. */
    static final io.blufio.agent.DeliveryPolicy POLICY = new io.blufio.agent.DeliveryPolicy(Duration.ofMillis(50), Duration.ofMillis(400),
            Duration.ofMinutes(1));
    final FakeTelegramServer telegram;
    final FakeAnthropicServer llm = new FakeAnthropicServer();
    final Database db;
    final Agent agent;
    final TelegramState state;
    final TelegramChannel channel;
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    TelegramHarness(Path dir, Duration stallLimit, Map<String, String> extraEnv) {
        this(dir, stallLimit, extraEnv, new FakeTelegramServer(), FakeTelegramServer.TOKEN);
    }

    TelegramHarness(Path dir, Duration stallLimit, Map<String, String> extraEnv, FakeTelegramServer telegram, String token) {
        this(dir, stallLimit, extraEnv, telegram, token, db -> new ToolRegistry(List.of()));
    }

    /** @param tools the agent's tools, built over the harness database */
    TelegramHarness(Path dir, Duration stallLimit, Map<String, String> extraEnv, FakeTelegramServer telegram, String token,
            java.util.function.Function<Database, ToolRegistry> tools) {
        this.telegram = telegram;
        Map<String, String> env = new HashMap<>(Map.of("HOME", dir.toString(), "ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY,
                "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(), "TELEGRAM_BOT_TOKEN", token,
                "BLUFIO_TELEGRAM__API_BASE_URL", telegram.url(), "BLUFIO_TELEGRAM__POLL_TIMEOUT_S", "1",
                "BLUFIO_TELEGRAM__ALLOWED_USERS", "[\"" + OWNER + "\", \"@friend\"]"));
        env.putAll(extraEnv);
        BlufioConfig cfg = ConfigLoader.load(Optional.empty(), Optional.of(dir.resolve("data")), env).config();
        Clock clock = Clock.systemUTC();
        db = Database.open(dir.resolve("blufio.db"));
        agent = new Agent(db, Providers.create(cfg.llm()), tools.apply(db), "test",
                new io.blufio.agent.ContextEngine(db, null, 10, io.blufio.agent.ContextEngine.DEFAULT_BUDGET_TOKENS, null, clock)
                        .imageHistoryTurns(cfg.agent().imageHistoryTurns()), 4, 8, clock);
        if (cfg.transcription().enabled()) agent.transcriber(new io.blufio.llm.Transcriber(cfg.transcription()));
        state = new TelegramState(new io.blufio.app.TelegramStorage(db), clock);
        Sleeper shortened = d -> {
            waits.add(d);
            Thread.sleep(20);
        };
        channel = new TelegramChannel(new BotApi(cfg.telegram().apiBaseUrl(), cfg.telegram().botToken()), settings(cfg.telegram()), agent, state,
                clock, shortened, stallLimit, Duration.ofMillis(100), Duration.ofMillis(200), System::nanoTime, io.blufio.app.App.mediaPolicy(cfg));
        agent.deliverReplies(channel.name(), channel.replies(), POLICY);
        agent.start();
        channel.start();
    }

    /** The channel's view of {@code [telegram]}, as the daemon's assembly hands it over. */
    static TelegramSettings settings(io.blufio.config.TelegramConfig t) {
        return new TelegramSettings(t.botToken(), t.allowedUsers(), t.apiBaseUrl(), t.pollTimeoutS());
    }

    /** Returns the texts the bot has shown in {@code chat}, oldest first. */
    List<String> texts(long chat) {
        return telegram.messagesTo(chat).stream().map(FakeTelegramServer.Sent::text).toList();
    }

    /** Stops the channel, the agent and the database, keeping the fake Bot API running (for a restart on the same data). */
    void stop() {
        channel.stop();
        agent.close();
        db.close();
        llm.close();
    }

    @Override
    public void close() {
        stop();
        telegram.close();
    }
}
