package io.blufio.app;

import io.blufio.BlufioException;
import io.blufio.ErrorCode;
import io.blufio.NativeHeap;
import io.blufio.Ticker;
import io.blufio.Version;
import io.blufio.agent.Agent;
import io.blufio.agent.ApiTurns;
import io.blufio.agent.BudgetGuard;
import io.blufio.agent.ContextEngine;
import io.blufio.agent.Conversations;
import io.blufio.agent.FactExtractor;
import io.blufio.agent.Heartbeats;
import io.blufio.agent.Inbound;
import io.blufio.agent.LedgeredProvider;
import io.blufio.agent.ModelRouter;
import io.blufio.agent.Scheduler;
import io.blufio.agent.Schedules;
import io.blufio.agent.TurnObserver;
import io.blufio.app.Shutdown.Step;
import io.blufio.auth.DeviceRegistry;
import io.blufio.auth.NonceCache;
import io.blufio.auth.RequestVerifier;
import io.blufio.channel.Channel;
import io.blufio.channel.gateway.DeviceAuthenticator;
import io.blufio.channel.gateway.GatewayServer;
import io.blufio.channel.gateway.MessagesRoute;
import io.blufio.channel.gateway.Route;
import io.blufio.channel.gateway.SchedulesRoute;
import io.blufio.channel.gateway.SessionsRoutes;
import io.blufio.channel.telegram.MediaPolicy;
import io.blufio.channel.telegram.TelegramChannel;
import io.blufio.channel.telegram.TelegramSettings;
import io.blufio.channel.telegram.TelegramState;
import io.blufio.config.BlufioConfig;
import io.blufio.config.ConfigException;
import io.blufio.config.LoadedConfig;
import io.blufio.config.TelegramConfig;
import io.blufio.llm.PriceTable;
import io.blufio.llm.Provider;
import io.blufio.llm.ProviderStatus;
import io.blufio.llm.Providers;
import io.blufio.llm.ToolSpec;
import io.blufio.llm.Transcriber;
import io.blufio.memory.Memories;
import io.blufio.memory.OnnxEmbedder;
import io.blufio.ops.Health;
import io.blufio.ops.HealthRoutes;
import io.blufio.ops.MemoryMonitor;
import io.blufio.ops.MemorySample;
import io.blufio.ops.Metrics;
import io.blufio.ops.MetricsRoute;
import io.blufio.ops.OpsGauges;
import io.blufio.ops.WalWatch;
import io.blufio.store.DataDir;
import io.blufio.store.Database;
import io.blufio.store.DeviceStore;
import io.blufio.store.LedgerStore;
import io.blufio.store.NonceStore;
import io.blufio.store.VaultStore;
import io.blufio.tools.ToolRegistry;
import io.blufio.tools.mcp.McpHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon, wired by hand: data dir lock, database, device keys, provider, tools, agent, background jobs,
 * channels, health, gateway ({@link #start}, step by step). {@code serve} runs one; {@code shell} runs one without
 * the gateway when no daemon holds the data dir. Everything started is stopped by {@link #close()} in the order of
 * {@link Shutdown.Step}; a start that fails stops what it had started in the same order.
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    /** Test seam: runs on the built agent just before {@link Agent#start()} in {@code serve}; production leaves it empty. */
    static volatile Consumer<Agent> beforeAgentStart = agent -> {};

    /** The system prompt used when neither {@code agent.system_prompt} nor {@code agent.system_prompt_file} is set. */
    public static final String DEFAULT_PROMPT = """
            You are %s, a personal assistant that runs on your owner's own server. Answer concisely and \
            truthfully; say so when you do not know. Use your tools when they help (for example \
            current_time for anything about the date or time). When the user tells you a lasting fact about \
            themselves or their world, save it with memory_save.""";

    /** The provider as health sees it, the provider that records every call in the ledger, and what prices and caps it. */
    private record Billing(ProviderStatus provider, LedgeredProvider billed, PriceTable prices, BudgetGuard budget, ModelRouter router) {}

    /** The embedding model, the long-term memories (null while {@code memory.enabled} is off) and the context engine. */
    private record Memory(OnnxEmbedder embedder, Memories memories, ContextEngine context) {}

    /** What runs beside the turns; {@code heartbeats} and {@code extractor} are null while off. */
    private record Jobs(Scheduler scheduler, Heartbeats heartbeats, FactExtractor extractor, MemoryMonitor monitor) {
        /** Starts them; the scheduler after the agent, since its first pass queues the catch-up of missed occurrences. */
        void start() {
            scheduler.start();
            if (heartbeats != null) heartbeats.start();
            monitor.start();
            if (extractor != null) extractor.start();
        }
    }

    private final BlufioConfig cfg;
    private final DataDir dataDir;
    private final boolean withGateway;
    private final Clock clock = Clock.systemUTC();
    private final Metrics metrics = new Metrics();
    private final Shutdown shutdown = new Shutdown();
    // set by the steps of assemble(), in this order
    private Database db;
    private Billing billing;
    private Memory memory;
    private Toolbox toolbox;
    private Agent agent;
    private Jobs jobs;
    private List<Channel> channels = List.of();
    private Health health;
    private WalWatch wal;
    private GatewayServer gateway;

    private App(LoadedConfig loaded, DataDir dataDir, DataDir.ProcessLock lock, boolean withGateway) {
        this.cfg = loaded.config();
        this.dataDir = dataDir;
        this.withGateway = withGateway;
        shutdown.add(Step.LOCK, lock::close);
        shutdown.add(Step.DAEMON_INFO, this::deleteDaemonInfo);
    }

    /**
     * Starts everything. On failure everything already started is stopped again.
     *
     * @param withGateway serve the HTTP API and Telegram (false for the in-process shell)
     * @throws BlufioException {@code data_dir_locked} (exit 75), {@code config_invalid} (exit 78), others (exit 1)
     */
    public static App start(LoadedConfig loaded, boolean withGateway) {
        ServeRules.require(loaded, withGateway);  // serve checked them while loading; the in-process shell did not
        DataDir dataDir = new DataDir(loaded.dataDir()).create();
        App app = new App(loaded, dataDir, dataDir.lock(withGateway ? DataDir.SERVE : DataDir.SHELL), withGateway);
        try {
            app.assemble();
            return app;
        } catch (RuntimeException | IOException e) {
            app.shutdown.afterFailedStart(e);
            if (e instanceof RuntimeException re) throw re;
            throw new BlufioException(ErrorCode.START_FAILED, "cannot start: " + e.getMessage(), e);
        }
    }

    /** The daemon's assembly; each step adds what it starts to {@link #shutdown} at once. The order matters. */
    private void assemble() throws IOException {
        db = openStore();              // the database, the local device's key
        billing = billing();           // provider, prices, ledger, budget, model router
        memory = memory();             // embedding model, memories, context engine
        toolbox = toolbox();           // built-in tools; MCP servers start here
        agent = buildAgent();          // built, not started
        jobs = backgroundJobs();       // scheduler, heartbeats, fact extractor, memory monitor: built, not started
        channels = buildChannels();    // Telegram: its undelivered replies are handed to the agent before it starts
        startAll();                    // the test seam, then the agent, then the jobs, then the channels
        health = buildHealth();
        wal = startWalWatch();
        observeMcp();
        gateway = startGateway();      // the HTTP API, then daemon.json
    }

    /** Opens the database (migrating it) and makes sure the local {@code cli} device has a key. */
    private Database openStore() {
        Database opened = Database.open(dataDir.database());
        shutdown.add(Step.DATABASE, opened::close);
        new DeviceRegistry(new DeviceStore(opened), dataDir, clock).ensureLocal();
        return opened;
    }

    /** The provider of {@code [llm]}, priced, ledgered and capped; the router refuses an unpriced model (exit 78). */
    private Billing billing() {
        Provider raw = Providers.create(cfg.llm());
        String key = cfg.llm().apiKey();
        ProviderStatus provider = new ProviderStatus(raw, key != null && !key.isBlank(), clock);
        PriceTable prices = PriceTable.load(Optional.ofNullable(cfg.cost().pricingFile()).map(Path::of));
        BudgetGuard budget = new BudgetGuard(new LedgerStore(db), cfg.cost(), clock);
        LedgeredProvider billed = new LedgeredProvider(provider, prices, new LedgerStore(db), budget, metrics, clock, Ticker.SYSTEM::nanoTime);
        ModelRouter router = new ModelRouter(cfg.routing(), raw.model(), prices, budget, clock);  // exit 78 on an unpriced model
        return new Billing(provider, billed, prices, budget, router);
    }

    /** The embedding model (loaded on first use), the memories of {@code [memory]} and the context engine. */
    private Memory memory() {
        OnnxEmbedder embedder = new OnnxEmbedder(dataDir.root(), Duration.ofSeconds(cfg.memory().unloadAfterIdleS()), Ticker.SYSTEM::nanoTime);
        shutdown.add(Step.EMBEDDER, embedder::close);
        Memories memories = cfg.memory().enabled() ? new Memories(db, embedder, cfg.memory(), clock) : null;
        ContextEngine context = new ContextEngine(db, billing.billed(), cfg.agent().historyTurns(), ContextEngine.DEFAULT_BUDGET_TOKENS, memories, clock)
                .imageHistoryTurns(cfg.agent().imageHistoryTurns());
        return new Memory(embedder, memories, context);
    }

    /** The built-in tools of {@code tools.enabled}, {@code document_save}, and the MCP servers, started here. */
    private Toolbox toolbox() {
        Schedules schedules = new Schedules(db, cfg.schedules(), cfg.agent().zone(), clock);
        ToolRegistry builtins = Toolbox.builtins(cfg, clock, dataDir.root(), memory.memories(), schedules, db);
        if (cfg.mcp().servers().isEmpty()) return new Toolbox(schedules, builtins, builtins, null);  // no MCP class is loaded then
        McpHub mcp = McpWiring.hub(cfg, db, metrics, clock);
        shutdown.add(Step.MCP, mcp::close);
        return new Toolbox(schedules, builtins, new ToolRegistry(builtins.tools(), List.of(mcp)), mcp);
    }

    /** The agent, built and configured but not started. */
    private Agent buildAgent() {
        Agent built = new Agent(db, billing.billed(), toolbox.all(), systemPrompt(cfg), memory.context(), cfg.agent().maxToolIterations(),
                cfg.agent().maxSessions(), clock);
        shutdown.addDrain(built::shutdown);
        built.maxAttempts(cfg.inbox().maxAttempts());
        built.events(metrics);
        built.routing(billing.router());
        if (cfg.transcription().enabled()) built.transcriber(new Transcriber(cfg.transcription()));
        return built;
    }

    /** The scheduler, heartbeats, fact extractor and memory monitor, built but not started. */
    private Jobs backgroundJobs() {
        Scheduler.Enqueue enqueue = enqueueInto(agent);
        Scheduler scheduler = new Scheduler(db, enqueue, Duration.ofSeconds(cfg.schedules().catchUpS()), clock, Scheduler.Waiter.SYSTEM);
        shutdown.add(Step.SCHEDULER, scheduler::close);
        scheduler.events(metrics);
        toolbox.schedules().onChange(scheduler::wake);
        Heartbeats heartbeats = cfg.heartbeat().enabled() ? heartbeats(enqueue) : null;
        FactExtractor extractor = null;
        if (memory.memories() != null && cfg.memory().extraction()) {
            extractor = new FactExtractor(db, memory.memories(), billing.billed(), billing.router(), billing.budget(),
                    cfg.memory().extractAfterIdle(), clock);
            shutdown.add(Step.EXTRACTOR, extractor::close);
        }
        return new Jobs(scheduler, heartbeats, extractor, memoryMonitor());
    }

    /** Hands the scheduler's and the heartbeats' turns to the agent, unobserved. */
    private static Scheduler.Enqueue enqueueInto(Agent agent) {
        return new Scheduler.Enqueue() {
            @Override
            public Optional<Long> submit(Inbound in) {
                return agent.submit(in, TurnObserver.NONE);
            }

            @Override
            public List<Optional<Long>> submitAll(List<Inbound> ins) {
                return agent.submitAll(ins);
            }
        };
    }

    /** The heartbeat checks of {@code [heartbeat]}, which see the built-in tools only. */
    private Heartbeats heartbeats(Scheduler.Enqueue enqueue) {
        List<ToolSpec> specs = toolbox.builtins().tools().stream().map(t -> new ToolSpec(t.name(), t.description(), t.inputSchema())).toList();
        Heartbeats heartbeats = new Heartbeats(db, heartbeatProvider(), systemPrompt(cfg), specs, cfg.heartbeat(), cfg.agent().zone(), clock,
                enqueue, Scheduler.Waiter.SYSTEM);
        shutdown.add(Step.HEARTBEATS, heartbeats::close);
        heartbeats.events(metrics);
        return heartbeats;
    }

    /**
     * Returns the provider of heartbeat checks: the turns' provider, or for a {@code heartbeat.model} other than
     * the provider's model an adapter of the same provider for that model (priced, ledgered and capped alike).
     *
     * @throws BlufioException {@code model_unpriced} when {@code heartbeat.model} has no price (exit 78)
     */
    private Provider heartbeatProvider() {
        String model = cfg.heartbeat().model();
        LedgeredProvider billed = billing.billed();
        if (model == null || model.equals(billed.model())) return billed;
        return new LedgeredProvider(Providers.create(cfg.llm().withModel(model)), billing.prices(), new LedgerStore(db), billing.budget(),
                metrics, clock, Ticker.SYSTEM::nanoTime);
    }

    /** The memory monitor of {@code daemon.memory_*_mb}: under pressure it refuses new sessions and sheds what it can. */
    private MemoryMonitor memoryMonitor() {
        MemoryMonitor monitor = new MemoryMonitor(MemorySample::now, cfg.daemon().memoryWarnMb(), cfg.daemon().memoryLimitMb(), agent::refuseNewSessions);
        shutdown.add(Step.MONITOR, monitor::close);
        monitor.collectFirst(() -> {  // heap garbage, then native memory freed but kept by malloc
            System.gc();
            NativeHeap.trim();
        });
        monitor.onShed(agent::retireIdle);
        if (memory.memories() != null) monitor.onShed(memory.memories()::shed);  // query cache and embedding model
        return monitor;
    }

    /** Telegram, when {@code serve} has a bot token; none for the in-process shell. */
    private List<Channel> buildChannels() {
        String botToken = cfg.telegram().botToken();
        if (!withGateway || botToken == null || botToken.isBlank()) return List.of();
        TelegramChannel telegram = new TelegramChannel(telegramSettings(cfg.telegram()), mediaPolicy(cfg), agent,
                new TelegramState(new TelegramStorage(db), clock), clock);
        shutdown.add(Step.CHANNELS, telegram::stop);
        agent.deliverReplies(telegram.name(), telegram.replies());  // before the agent starts: undelivered replies resume
        return List.of(telegram);
    }

    /** Starts the embedding model's idle watch, then (after the test seam and the gauges) the agent, the jobs, the channels. */
    private void startAll() {
        memory.embedder().startIdleWatch();
        if (withGateway) beforeAgentStart.accept(agent);  // a test seam (see the tests' app.WedgeHook), empty in production
        OpsGauges.register(metrics, agent, channels, jobs.monitor(), billing.budget());
        agent.start();
        jobs.start();  // after the agent
        for (Channel ch : channels) ch.start();
    }

    /** What {@code /v1/health}, {@code status} and the systemd watchdog report. */
    private Health buildHealth() {
        Health h = new Health(db, agent, billing.provider(), channels, clock);
        h.budget(billing.budget());
        h.routing(billing.router());
        h.vault(new VaultStore(db).master().isPresent());
        if (memory.memories() != null) h.embedding(memory.memories()::modelLoaded);
        h.memory(jobs.monitor());
        h.schedules(jobs.scheduler());
        return h;
    }

    /** Starts the watch on the database's write-ahead log, reported in health. */
    private WalWatch startWalWatch() {
        WalWatch w = new WalWatch(db, WalWatch.INTERVAL).start();
        shutdown.add(Step.WAL, w::close);
        health.wal(w);
        return w;
    }

    /** Reports the MCP servers, when there are any, in health and metrics. */
    private void observeMcp() {
        if (toolbox.mcp() != null) McpWiring.observe(toolbox.mcp(), health, metrics);
    }

    /**
     * Starts the HTTP API when {@code serve} has {@code gateway.enabled}, then writes {@code daemon.json} for the
     * clients; returns null otherwise.
     *
     * @throws BlufioException {@code gateway_bind} when the address is taken
     * @throws IOException when {@code daemon.json} cannot be written
     */
    private GatewayServer startGateway() throws IOException {
        if (!withGateway || !cfg.gateway().enabled()) return null;
        DeviceAuthenticator devices = new DeviceAuthenticator(new RequestVerifier(new DeviceStore(db), clock,
                new NonceCache(com.github.benmanes.caffeine.cache.Ticker.systemTicker(), new NonceStore(db), clock)));
        GatewayServer server = new GatewayServer(cfg.gateway().host(), cfg.gateway().port(), routes(), devices);
        shutdown.add(Step.GATEWAY, server::stop);
        server.start();
        new DaemonInfo(ProcessHandle.current().pid(), cfg.gateway().host(), server.port(), Version.current(), clock.instant().toString())
                .write(dataDir.root());
        return server;
    }

    /** The routes of SPEC section 6; {@code /metrics} only with {@code metrics.enabled}. */
    private List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        Duration turnTimeout = cfg.llm().requestTimeout().multipliedBy(cfg.agent().maxToolIterations() + 1L);
        ApiTurns apiTurns = new ApiTurns(db, clock);
        routes.add(new MessagesRoute(agent, apiTurns, turnTimeout).route());
        routes.addAll(new SessionsRoutes(new Conversations(db), apiTurns).routes());
        routes.add(new SchedulesRoute(toolbox.schedules()).route());
        routes.addAll(new HealthRoutes(health).routes());
        if (cfg.metrics().enabled()) routes.add(MetricsRoute.route(metrics));
        return routes;
    }

    /** Removes {@code daemon.json}: nobody listens any more (the lock is still held, so it was ours or stale). */
    private void deleteDaemonInfo() {
        try {
            Files.deleteIfExists(DaemonInfo.file(dataDir.root()));
        } catch (IOException e) {
            log.debug("cannot delete daemon.json: {}", e.toString());
        }
    }

    /** Hands {@code [telegram]} to the channel, which does not read {@code config} (DESIGN.md). */
    public static TelegramSettings telegramSettings(TelegramConfig t) {
        return new TelegramSettings(t.botToken(), t.allowedUsers(), t.apiBaseUrl(), t.pollTimeoutS());
    }

    /** Returns what the Telegram channel takes besides text, from {@code [telegram]}, {@code [agent]} and {@code [transcription]}. */
    public static MediaPolicy mediaPolicy(BlufioConfig cfg) {
        return new MediaPolicy(cfg.telegram().maxPhotoBytes(), cfg.telegram().maxDocumentBytes(),
                cfg.agent().maxDocumentChars(), cfg.transcription().enabled());
    }

    /**
     * Returns the system prompt: {@code agent.system_prompt_file}'s text, else {@code agent.system_prompt}, else
     * {@link #DEFAULT_PROMPT} with {@code agent.name}.
     *
     * @throws ConfigException when the prompt file cannot be read (exit 78)
     */
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

    /** Returns the WAL watch (for the systemd watchdog's probes). */
    public WalWatch wal() {
        return wal;
    }

    /** Returns the fact extractor, or null when {@code memory.extraction} (or memory) is off. */
    public FactExtractor extractor() {
        return jobs.extractor();
    }

    /** Returns the agent (started). */
    public Agent agent() {
        return agent;
    }

    /** Returns the open database. */
    public Database db() {
        return db;
    }

    /** Returns the provider as health sees it (name, model, last error). */
    public ProviderStatus provider() {
        return billing.provider();
    }

    /** Returns the started channels (for the systemd watchdog's probes). */
    public List<Channel> channels() {
        return channels;
    }

    /** Returns the health of the components. */
    public Health health() {
        return health;
    }

    /** Returns the gateway port, or -1 without a gateway. */
    public int port() {
        return gateway == null ? -1 : gateway.port();
    }

    /**
     * Stops in the order of {@link Shutdown.Step}: no new work from channels and schedules, in-flight turns get
     * {@code daemon.shutdown_grace_s}, then MCP servers, monitor, WAL watch and gateway stop, {@code daemon.json} is
     * removed, the database closed (WAL checkpointed) and the data dir released. Safe to call twice.
     */
    @Override
    public synchronized void close() {
        if (db.isClosed()) return;
        Duration grace = cfg.daemon().shutdownGrace();
        log.info("stopping: finishing in-flight turns (up to {} s)", grace.toSeconds());
        shutdown.run(grace);
        log.info("stopped");
    }
}
