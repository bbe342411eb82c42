package io.blufio.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The secret config keys and where each may come from (SPEC section 3), in order: the environment
 * ({@link #shorthand()} such as {@code ANTHROPIC_API_KEY}, or {@code BLUFIO_LLM__ANTHROPIC__API_KEY}, which
 * wins), then the vault entry {@link #vaultName()} (stored with {@code blufio config set-secret}), then a
 * plain value in the TOML file.
 */
public enum SecretKey {
    /** {@code llm.anthropic.api_key}. */
    ANTHROPIC_API_KEY("llm.anthropic.api_key", "anthropic.api_key", "ANTHROPIC_API_KEY"),
    /** {@code llm.openai.api_key}. */
    OPENAI_API_KEY("llm.openai.api_key", "openai.api_key", "OPENAI_API_KEY"),
    /** {@code telegram.bot_token}. */
    TELEGRAM_BOT_TOKEN("telegram.bot_token", "telegram.bot_token", "TELEGRAM_BOT_TOKEN"),
    /** {@code transcription.api_key} (voice notes, SPEC section 15). */
    TRANSCRIPTION_API_KEY("transcription.api_key", "transcription.api_key", "TRANSCRIPTION_API_KEY");

    /** Prefix of vault entries that no config key reads (for the operator's own use); documented in the README. */
    public static final String CUSTOM_PREFIX = "custom.";

    private final String configKey;
    private final String vaultName;
    private final String shorthand;

    SecretKey(String configKey, String vaultName, String shorthand) {
        this.configKey = configKey;
        this.vaultName = vaultName;
        this.shorthand = shorthand;
    }

    /** Returns the dotted config key, e.g. {@code llm.anthropic.api_key}. */
    public String configKey() {
        return configKey;
    }

    /** Returns the vault entry name, e.g. {@code anthropic.api_key}. */
    public String vaultName() {
        return vaultName;
    }

    /** Returns the short environment variable, e.g. {@code ANTHROPIC_API_KEY}. */
    public String shorthand() {
        return shorthand;
    }

    /** Returns the {@code BLUFIO_...__...} variable, e.g. {@code BLUFIO_LLM__ANTHROPIC__API_KEY}. */
    public String envVariable() {
        return EnvOverrides.variableFor(configKey);
    }

    /** Returns the non-blank value the environment gives, naming its variable; the {@code BLUFIO_} form wins. */
    public Optional<Map.Entry<String, String>> fromEnv(Map<String, String> env) {
        for (String variable : new String[] {envVariable(), shorthand}) {
            String v = env.get(variable);
            if (v != null && !v.isBlank()) return Optional.of(Map.entry(variable, v.strip()));
        }
        return Optional.empty();
    }

    /** Returns the value {@code config} holds for this key (null when unset). */
    public String valueIn(BlufioConfig config) {
        Object v = ConfigKeys.value(config, configKey);
        return v == null ? null : v.toString();
    }

    /** Returns {@code config} with this key set to {@code value}. */
    public BlufioConfig withValue(BlufioConfig config, String value) {
        return ConfigKeys.with(config, configKey, value);
    }

    /** Returns the secret named {@code name}: its config key or its vault name, any case. */
    public static Optional<SecretKey> byName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (SecretKey k : values()) {
            if (k.configKey.equals(n) || k.vaultName.equals(n)) return Optional.of(k);
        }
        return Optional.empty();
    }

    /** Returns the vault entry name for {@code name}: a known secret, or a {@code custom.} name as given. */
    public static Optional<String> vaultNameFor(String name) {
        Optional<SecretKey> known = byName(name);
        if (known.isPresent()) return Optional.of(known.get().vaultName);
        return name.matches("custom\\.[a-z0-9][a-z0-9_.-]{0,62}") ? Optional.of(name) : Optional.empty();
    }
}
