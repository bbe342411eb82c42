package io.blufio.config;

/**
 * The whole configuration, one record per TOML section (SPEC section 3). Every section is present
 * after loading; absent keys carry their documented defaults.
 */
public record BlufioConfig(AgentConfig agent, LlmConfig llm, RoutingConfig routing, TelegramConfig telegram,
        GatewayConfig gateway, StorageConfig storage, VaultConfig vault, CostConfig cost, MemoryConfig memory,
        ToolsConfig tools, DaemonConfig daemon, MetricsConfig metrics, SchedulesConfig schedules, HeartbeatConfig heartbeat,
        InboxConfig inbox, TranscriptionConfig transcription, McpConfig mcp) {
    public BlufioConfig {
        agent = Check.or(agent, new AgentConfig(null, null, null, null, null, null, null, null, null, null, null));
        llm = Check.or(llm, new LlmConfig(null, null, null, null, null));
        routing = Check.or(routing, new RoutingConfig(null, null, null, null));
        telegram = Check.or(telegram, new TelegramConfig(null, null, null, null, null, null));
        gateway = Check.or(gateway, new GatewayConfig(null, null, null, null));
        storage = Check.or(storage, new StorageConfig(null));
        vault = Check.or(vault, new VaultConfig(null, null, null));
        cost = Check.or(cost, new CostConfig(null, null, null, null));
        memory = Check.or(memory, new MemoryConfig(null, null, null, null, null, null, null, null));
        tools = Check.or(tools, new ToolsConfig(null, null, null, null, null, null));
        daemon = Check.or(daemon, new DaemonConfig(null, null, null, null));
        metrics = Check.or(metrics, new MetricsConfig(null));
        schedules = Check.or(schedules, new SchedulesConfig(null, null, null));
        heartbeat = Check.or(heartbeat, new HeartbeatConfig(null, null, null, null, null));
        inbox = Check.or(inbox, new InboxConfig(null));
        transcription = Check.or(transcription, new TranscriptionConfig(null, null, null));
        mcp = Check.or(mcp, new McpConfig(null));
    }

    /** Returns the configuration with every default, as if no file and no environment were given. */
    public static BlufioConfig defaults() {
        return new BlufioConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
