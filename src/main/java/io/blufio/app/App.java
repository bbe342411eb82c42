package io.blufio.app;

import io.blufio.ErrorCode;
import io.blufio.Ticker;
import io.blufio.BlufioException;
import io.blufio.agent.Agent;
import io.blufio.agent.Conversations;
import io.blufio.agent.Heartbeats;
import io.blufio.agent.ScheduleTools;
import io.blufio.agent.Scheduler;
import io.blufio.agent.Schedules;
import io.blufio.agent.TurnObserver;
import io.blufio.channel.telegram.TelegramState;
import io.blufio.auth.DeviceRegistry;
import io.blufio.auth.NonceCache;
import io.blufio.auth.RequestVerifier;
import io.blufio.channel.Channel;
import io.blufio.channel.gateway.GatewayServer;
import io.blufio.channel.gateway.MessagesRoute;
import io.blufio.channel.gateway.Route;
import io.blufio.channel.gateway.SchedulesRoute;
import io.blufio.channel.gateway.SessionsRoutes;
import io.blufio.channel.telegram.TelegramChannel;
import io.blufio.channel.telegram.TelegramSettings;
import io.blufio.config.BlufioConfig;
import io.blufio.config.ConfigException;
import io.blufio.config.LoadedConfig;
import io.blufio.llm.Provider;
import io.blufio.llm.ProviderStatus;
import io.blufio.llm.Providers;
import io.blufio.agent.BudgetGuard;
import io.blufio.agent.LedgeredProvider;
import io.blufio.agent.ModelRouter;
import io.blufio.agent.FactExtractor;
import io.blufio.llm.PriceTable;
import io.blufio.ops.MemoryMonitor;
import io.blufio.ops.MemorySample;
import io.blufio.ops.Metrics;
import io.blufio.ops.MetricsRoute;
import io.blufio.ops.OpsGauges;
import io.blufio.store.LedgerStore;
import io.blufio.ops.Health;
import io.blufio.ops.HealthRoutes;
import io.blufio.store.DataDir;
import io.blufio.store.Database;
import io.blufio.store.DeviceStore;
import io.blufio.agent.ContextEngine;
import io.blufio.memory.Memories;
import io.blufio.memory.OnnxEmbedder;
import io.blufio.tools.ClockTool;
import io.blufio.tools.HttpFetchTool;
import io.blufio.tools.MemoryTools;
import io.blufio.tools.WorkspaceTools;
import io.blufio.tools.Tool;
import io.blufio.tools.ToolRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon, wired by hand: data dir lock, database, device keys, provider, tools, agent, gateway.
 * {@code serve} runs one; {@code shell} runs one without the gateway when no daemon holds the data dir.
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    /** Test seam: runs on the built agent just before {@link Agent#start()} in {@code serve}; production leaves it empty. */
    static volatile java.util.function.Consumer<Agent> beforeAgentStart = agent -> {};

    /** The system prompt used when neither {@code agent.system_prompt} nor {@code agent.system_prompt_file} is set. */
    public static final String DEFAULT_PROMPT = """
            You are %s, a personal assistant that runs on your owner's own server. Answer concisely and \
            truthfully; say so when you do not know. Use your tools when they help (for example \
            current_time for anything about the date or time). When the user tells you a lasting fact about \
            themselves or their world, save it with memory_save.""";

    private final LoadedConfig loaded;
    private final DataDir dataDir;
    private final DataDir.ProcessLock lock;
    private final Database db;
    private final ProviderStatus provider;
    private final Agent agent;
    private final GatewayServer gateway;
    private final Health health;
    private List<Channel> channels = List.of();
    private OnnxEmbedder embedder;
    private io.blufio.ops.WalWatch wal;
    private FactExtractor extractor;
    private final MemoryMonitor monitor;
    private final Clock clock;
    private Scheduler scheduler;
    private Heartbeats heartbeats;
    private io.blufio.tools.mcp.McpHub mcp;

    private App(LoadedConfig loaded, DataDir dataDir, DataDir.ProcessLock lock, Database db, ProviderStatus provider,
            Agent agent, GatewayServer gateway, Health health, MemoryMonitor monitor, Clock clock) {
        this.loaded = loaded;
        this.dataDir = dataDir;
        this.lock = lock;
        this.db = db;
        this.provider = provider;
        this.agent = agent;
        this.gateway = gateway;
        this.health = health;
        this.monitor = monitor;
        this.clock = clock;
    }

    /**
     * Starts everything. On failure everything already started is closed again.
     *
     * @param withGateway serve the HTTP API (false for the in-process shell)
     * @throws BlufioException {@code data_dir_locked} (exit 75), {@code config_invalid} (exit 78), others (exit 1)
     */
    public static App start(LoadedConfig loaded, boolean withGateway) {
        BlufioConfig cfg = loaded.config();
        Clock clock = Clock.systemUTC();
        ServeRules.require(loaded, withGateway);  // serve checked them while loading; the in-process shell did not
        DataDir dataDir = new DataDir(loaded.dataDir()).create();
        DataDir.ProcessLock lock = dataDir.lock(withGateway ? DataDir.SERVE : DataDir.SHELL);
        Database db = null;
        GatewayServer gateway = null;
        Agent agent = null;
        OnnxEmbedder embedder = null;
        MemoryMonitor monitor = null;
        Scheduler scheduler = null;
        Heartbeats heartbeats = null;
        io.blufio.ops.WalWatch wal = null;
        FactExtractor extractor = null;
        io.blufio.tools.mcp.McpHub mcp = null;
        BudgetGuard budget;
        Metrics metrics = new Metrics();
        List<Channel> channels = new ArrayList<>();
        try {
            db = Database.open(dataDir.database());
            DeviceStore devices = new DeviceStore(db);
            new DeviceRegistry(devices, dataDir, clock).ensureLocal();
            Provider raw = Providers.create(cfg.llm());
            String key = cfg.llm().provider().equals("openai") ? cfg.llm().openai().apiKey() : cfg.llm().anthropic().apiKey();
            ProviderStatus provider = new ProviderStatus(raw, key != null && !key.isBlank(), clock);
            PriceTable prices = PriceTable.load(Optional.ofNullable(cfg.cost().pricingFile()).map(Path::of));
            budget = new BudgetGuard(new LedgerStore(db), cfg.cost(), clock);
            LedgeredProvider billed = new LedgeredProvider(provider, prices, new LedgerStore(db), budget, metrics, clock, Ticker.SYSTEM::nanoTime);
            ModelRouter router = new ModelRouter(cfg.routing(), raw.model(), prices, budget, clock);  // exit 78 on an unpriced model
            embedder = new OnnxEmbedder(dataDir.root(), Duration.ofSeconds(cfg.memory().unloadAfterIdleS()), Ticker.SYSTEM::nanoTime);
            Memories memories = cfg.memory().enabled() ? new Memories(db, embedder, cfg.memory(), clock) : null;
            ContextEngine context = new ContextEngine(db, billed, cfg.agent().historyTurns(), ContextEngine.DEFAULT_BUDGET_TOKENS, memories, clock)
                    .imageHistoryTurns(cfg.agent().imageHistoryTurns());
            Schedules schedules = new Schedules(db, cfg.schedules(), cfg.agent().zone(), clock);
            ToolRegistry builtins = withDocuments(tools(cfg, clock, dataDir.root(), memories, schedules), db);
            ToolRegistry tools = builtins;
            if (!cfg.mcp().servers().isEmpty()) {  // no MCP class is loaded without a server configured
                mcp = McpWiring.hub(cfg, db, metrics, clock);
                tools = new ToolRegistry(builtins.tools(), List.of(mcp));
            }
            agent = new Agent(db, billed, tools, systemPrompt(cfg), context, cfg.agent().maxToolIterations(), cfg.agent().maxSessions(), clock);
            Agent submitter = agent;
            Scheduler.Enqueue enqueue = new Scheduler.Enqueue() {
                @Override
                public Optional<Long> submit(io.blufio.agent.Inbound in) {
                    return submitter.submit(in, TurnObserver.NONE);
                }

                @Override
                public List<Optional<Long>> submitAll(List<io.blufio.agent.Inbound> ins) {
                    return submitter.submitAll(ins);
                }
            };
            scheduler = new Scheduler(db, enqueue, Duration.ofSeconds(cfg.schedules().catchUpS()), clock, Scheduler.Waiter.SYSTEM);
            scheduler.events(metrics);
            schedules.onChange(scheduler::wake);
            if (cfg.heartbeat().enabled()) {
                heartbeats = new Heartbeats(db, heartbeatProvider(cfg, db, billed, prices, budget, metrics, clock), systemPrompt(cfg),
                        builtins.tools().stream().map(t -> new io.blufio.llm.ToolSpec(t.name(), t.description(), t.inputSchema())).toList(),
                        cfg.heartbeat(), cfg.agent().zone(), clock, enqueue, Scheduler.Waiter.SYSTEM);
                heartbeats.events(metrics);
            }
            embedder.startIdleWatch();
            agent.maxAttempts(cfg.inbox().maxAttempts());
            if (memories != null && cfg.memory().extraction()) {
                extractor = new FactExtractor(db, memories, billed, router, budget, cfg.memory().extractAfterIdle(), clock);
            }
            agent.events(metrics);
            agent.routing(router);
            if (cfg.transcription().enabled()) agent.transcriber(new io.blufio.llm.Transcriber(cfg.transcription()));
            monitor = new MemoryMonitor(MemorySample::now, cfg.daemon().memoryWarnMb(), cfg.daemon().memoryLimitMb(), agent::refuseNewSessions);
            monitor.collectFirst(() -> {  // heap garbage, then native memory freed but kept by malloc
                System.gc();
                io.blufio.NativeHeap.trim();
            });
            monitor.onShed(agent::retireIdle);
            if (memories != null) monitor.onShed(memories::shed);  // query cache and embedding model
            String botToken = cfg.telegram().botToken();
            if (withGateway && botToken != null && !botToken.isBlank()) {
                TelegramChannel telegram = new TelegramChannel(telegramSettings(cfg.telegram()), mediaPolicy(cfg), agent,
                        new TelegramState(new TelegramStorage(db), clock), clock);
                agent.deliverReplies(telegram.name(), telegram.replies());  // before start: undelivered replies resume
                channels.add(telegram);
            }
            if (withGateway) beforeAgentStart.accept(agent);  // a test seam (see the tests' app.WedgeHook), empty in production
            OpsGauges.register(metrics, agent, channels, monitor, budget);
            agent.start();
            scheduler.start();  // after the agent: its first pass queues the catch-up of missed occurrences
            if (heartbeats != null) heartbeats.start();
            monitor.start();
            if (extractor != null) extractor.start();
            for (Channel ch : channels) ch.start();
            Health health = new Health(db, agent, provider, channels, clock);
            health.budget(budget);
            health.routing(router);
            health.vault(new io.blufio.store.VaultStore(db).master().isPresent());
            if (memories != null) health.embedding(memories::modelLoaded);
            health.memory(monitor);
            health.schedules(scheduler);
            wal = new io.blufio.ops.WalWatch(db, io.blufio.ops.WalWatch.INTERVAL).start();
            health.wal(wal);
            if (mcp != null) McpWiring.observe(mcp, health, metrics);
            if (withGateway && cfg.gateway().enabled()) {
                List<Route> routes = new ArrayList<>();
                Duration turnTimeout = cfg.llm().requestTimeout().multipliedBy(cfg.agent().maxToolIterations() + 1L);
                io.blufio.agent.ApiTurns apiTurns = new io.blufio.agent.ApiTurns(db, clock);
                routes.add(new MessagesRoute(agent, apiTurns, turnTimeout).route());
                routes.addAll(new SessionsRoutes(new Conversations(db), apiTurns).routes());
                routes.add(new SchedulesRoute(schedules).route());
                routes.addAll(new HealthRoutes(health).routes());
                if (cfg.metrics().enabled()) routes.add(MetricsRoute.route(metrics));
                gateway = new GatewayServer(cfg.gateway().host(), cfg.gateway().port(), routes,
                        new io.blufio.channel.gateway.DeviceAuthenticator(new RequestVerifier(devices, clock,
                                new NonceCache(com.github.benmanes.caffeine.cache.Ticker.systemTicker(), new io.blufio.store.NonceStore(db), clock))));
                gateway.start();
                new DaemonInfo(ProcessHandle.current().pid(), cfg.gateway().host(), gateway.port(),
                        io.blufio.Version.current(), clock.instant().toString()).write(dataDir.root());
            }
            return new App(loaded, dataDir, lock, db, provider, agent, gateway, health, monitor, clock).withChannels(channels).withEmbedder(embedder)
                    .withSchedulers(scheduler, heartbeats).withWal(wal).withExtractor(extractor).withMcp(mcp);
        } catch (RuntimeException | IOException e) {
            if (mcp != null) mcp.close();
            if (extractor != null) extractor.close();
            if (wal != null) wal.close();
            if (heartbeats != null) heartbeats.close();
            if (scheduler != null) scheduler.close();
            if (monitor != null) monitor.close();
            if (gateway != null) gateway.stop();
            channels.forEach(Channel::stop);
            if (agent != null) agent.close();
            if (embedder != null) embedder.close();
            if (db != null) db.close();
            lock.close();
            if (e instanceof RuntimeException re) throw re;
            throw new BlufioException(ErrorCode.START_FAILED, "cannot start: " + e.getMessage(), e);
        }
    }

    /** Hands {@code [telegram]} to the channel, which does not read {@code config} (DESIGN.md). */
    public static TelegramSettings telegramSettings(io.blufio.config.TelegramConfig t) {
        return new TelegramSettings(t.botToken(), t.allowedUsers(), t.apiBaseUrl(), t.pollTimeoutS());
    }

    /**
     * Returns the tools of the groups in {@code tools.enabled}; the memory tools only while
     * {@code memory.enabled} ({@code memories} not null). There is no shell tool.
     */
    public static ToolRegistry tools(BlufioConfig cfg, Clock clock, Path dataDir, Memories memories, Schedules schedules) {
        List<Tool> tools = new ArrayList<>();
        List<String> groups = cfg.tools().enabled();
        if (groups.contains("clock")) tools.add(new ClockTool(clock));
        if (groups.contains("http_fetch")) tools.add(new HttpFetchTool(cfg.tools()));
        if (groups.contains("workspace")) {
            String dir = cfg.tools().workspaceDir();
            tools.addAll(WorkspaceTools.over(dir == null ? dataDir.resolve("workspace") : Path.of(dir), cfg.tools().workspaceMaxMb()));
        }
        if (groups.contains("memory") && memories != null) tools.addAll(MemoryTools.over(memories));
        if (groups.contains("schedules")) tools.addAll(ScheduleTools.over(schedules));
        return new ToolRegistry(tools);
    }

    /**
     * Returns {@code tools} plus {@code document_save} (saves a document the user sent to the workspace, issue 18)
     * when the workspace group is on.
     */
    static ToolRegistry withDocuments(ToolRegistry tools, Database db) {
        Optional<Tool> write = tools.tools().stream().filter(t -> t.name().equals("workspace_write")).findFirst();
        if (write.isEmpty()) return tools;
        List<Tool> all = new ArrayList<>(tools.tools());
        all.add(io.blufio.agent.DocumentTools.over(db, write.get()));
        return new ToolRegistry(all);
    }

    /** Returns what the Telegram channel takes besides text, from {@code [telegram]}, {@code [agent]} and {@code [transcription]}. */
    public static io.blufio.channel.telegram.MediaPolicy mediaPolicy(BlufioConfig cfg) {
        return new io.blufio.channel.telegram.MediaPolicy(cfg.telegram().maxPhotoBytes(), cfg.telegram().maxDocumentBytes(),
                cfg.agent().maxDocumentChars(), cfg.transcription().enabled());
    }

    public static String systemPrompt(BlufioConfig cfg) {
        if (cfg.agent().systemPromptFile() != null) {
            Path p = Path.of(cfg.agent().systemPromptFile());
            try {
                return ServeRules.readPrompt(p);
            } catch (IOException e) {
                throw new ConfigException("agent.system_prompt_file", "cannot be read (" + p + ": " + e.getMessage() + ")");
            }
        }
        if (cfg.agent().systemPrompt() != null) return cfg.agent().systemPrompt();
        return DEFAULT_PROMPT.formatted(cfg.agent().name());
    }

    /**
     * Returns the provider of heartbeat checks: the turns' provider, or for a {@code heartbeat.model} other than
     * the provider's model an adapter of the same provider for that model (priced, ledgered and capped alike).
     *
     * @throws BlufioException {@code model_unpriced} when {@code heartbeat.model} has no price (exit 78)
     */
    private static Provider heartbeatProvider(BlufioConfig cfg, Database db, LedgeredProvider billed, PriceTable prices,
            BudgetGuard budget, Metrics metrics, Clock clock) {
        String model = cfg.heartbeat().model();
        if (model == null || model.equals(billed.model())) return billed;
        return new LedgeredProvider(Providers.create(cfg.llm().withModel(model)), prices, new LedgerStore(db), budget, metrics, clock, Ticker.SYSTEM::nanoTime);
    }

    /** Keeps the schedulers so {@link #close()} stops them before the agent drains. */
    private App withSchedulers(Scheduler s, Heartbeats h) {
        this.scheduler = s;
        this.heartbeats = h;
        return this;
    }

    /** Keeps the WAL watch so {@link #close()} stops it and the systemd watchdog can probe it. */
    private App withWal(io.blufio.ops.WalWatch w) {
        this.wal = w;
        return this;
    }

    /** Returns the WAL watch (for the systemd watchdog's probes). */
    public io.blufio.ops.WalWatch wal() {
        return wal;
    }

    /** Keeps the embedding model so {@link #close()} stops its idle watch and frees it. */
    private App withEmbedder(OnnxEmbedder e) {
        this.embedder = e;
        return this;
    }

    /** Keeps the MCP servers so {@link #close()} stops them after the last turn. */
    private App withMcp(io.blufio.tools.mcp.McpHub hub) {
        this.mcp = hub;
        return this;
    }

    /** Keeps the fact extractor so {@link #close()} stops it before the database closes. */
    private App withExtractor(FactExtractor e) {
        this.extractor = e;
        return this;
    }

    /** Returns the fact extractor, or null when {@code memory.extraction} (or memory) is off. */
    public FactExtractor extractor() {
        return extractor;
    }

    /** Keeps the started channels so {@link #close()} stops them before the agent drains. */
    private App withChannels(List<Channel> started) {
        this.channels = List.copyOf(started);
        return this;
    }

    public Agent agent() {
        return agent;
    }

    public Database db() {
        return db;
    }

    public ProviderStatus provider() {
        return provider;
    }

    /** Returns the started channels (for the systemd watchdog's probes). */
    public List<Channel> channels() {
        return channels;
    }

    public Health health() {
        return health;
    }

    /** Returns the gateway port, or -1 without a gateway. */
    public int port() {
        return gateway == null ? -1 : gateway.port();
    }

    /**
     * Stops in order: no new requests, in-flight turns get {@code daemon.shutdown_grace_s}, then the
     * WAL is checkpointed, the database closed and the data dir released. Safe to call twice.
     */
    @Override
    public synchronized void close() {
        if (db.isClosed()) return;
        Duration grace = loaded.config().daemon().shutdownGrace();
        log.info("stopping: finishing in-flight turns (up to {} s)", grace.toSeconds());
        channels.forEach(Channel::stop);  // no new Telegram messages while turns drain
        if (extractor != null) extractor.close();
        if (heartbeats != null) heartbeats.close();
        if (scheduler != null) scheduler.close();  // occurrences not queued yet fire after the next start
        agent.shutdown(grace);
        if (mcp != null) mcp.close();  // SIGTERM to every stdio server's process group
        monitor.close();
        if (wal != null) wal.close();
        if (gateway != null) gateway.stop();
        if (embedder != null) embedder.close();
        try {
            Files.deleteIfExists(DaemonInfo.file(dataDir.root()));
        } catch (IOException e) {
            log.debug("cannot delete daemon.json: {}", e.toString());
        }
        db.close();
        lock.close();
        log.info("stopped");
    }
}
