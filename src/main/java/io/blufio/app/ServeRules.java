package io.blufio.app;

import io.blufio.BlufioException;
import io.blufio.config.BlufioConfig;
import io.blufio.config.ConfigException;
import io.blufio.config.ConfigLoader;
import io.blufio.config.ConfigRule;
import io.blufio.config.ConfigRule.Violation;
import io.blufio.config.LoadedConfig;
import io.blufio.llm.PriceTable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules {@code serve} checks before it starts, beyond the loader's types and ranges; {@code config
 * validate} and {@code doctor} apply the very same list ({@link #ALL}), so whatever makes {@code serve} exit 78
 * makes them report it with the same words: a non-loopback {@code gateway.host} without {@code allow_remote},
 * a host that does not resolve, an unreadable or oversized {@code agent.system_prompt_file}, a broken
 * {@code cost.pricing_file} and a configured model without a price.
 */
public final class ServeRules {
    /** Largest system prompt file read, in bytes (1 MiB, like the config file). */
    static final int MAX_PROMPT_BYTES = ConfigLoader.MAX_FILE_BYTES;

    /** Every rule, in report order. */
    public static final List<ConfigRule> ALL = List.of(ServeRules::gateway, ServeRules::systemPrompt, ServeRules::prices);

    private ServeRules() {}

    /** Throws the violations of {@link #ALL} for an already loaded config (the in-process shell, tests). */
    public static void require(LoadedConfig loaded, boolean withGateway) {
        List<io.blufio.config.ConfigProblem> problems = new ArrayList<>();
        for (ConfigRule rule : ALL) {
            if (!withGateway && rule == ALL.get(0)) continue;
            for (Violation v : rule.check(loaded)) problems.add(new io.blufio.config.ConfigProblem(null, 0, 0, v.key(), v.message()));
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
    }

    static List<Violation> gateway(LoadedConfig loaded) {
        BlufioConfig cfg = loaded.config();
        if (!cfg.gateway().enabled()) return List.of();
        try {
            InetAddress addr = InetAddress.getByName(cfg.gateway().host());
            if (!addr.isLoopbackAddress() && !cfg.gateway().allowRemote()) {
                return List.of(new Violation("gateway.host", "`gateway.host` is " + cfg.gateway().host() + ", which is not a loopback address;"
                        + " set gateway.allow_remote = true to serve other hosts (put TLS in front), or use 127.0.0.1"));
            }
            return List.of();
        } catch (UnknownHostException e) {
            return List.of(new Violation("gateway.host", "`gateway.host` " + cfg.gateway().host() + " cannot be resolved to an address;"
                    + " use an IP address such as 127.0.0.1"));
        }
    }

    static List<Violation> systemPrompt(LoadedConfig loaded) {
        String file = loaded.config().agent().systemPromptFile();
        if (file == null) return List.of();
        try {
            readPrompt(Path.of(file));
            return List.of();
        } catch (IOException | RuntimeException e) {
            return List.of(new Violation("agent.system_prompt_file", "`agent.system_prompt_file` " + file + " cannot be read ("
                    + e.getMessage() + "); make it a UTF-8 text file of at most 1 MiB readable by this user, or remove the key"));
        }
    }

    /** Reads a system prompt file: at most {@link #MAX_PROMPT_BYTES}, strict UTF-8. */
    public static String readPrompt(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(Files.exists(file) ? "not a regular file" : "no such file");
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_PROMPT_BYTES + 1);
        }
        if (bytes.length > MAX_PROMPT_BYTES) throw new IOException("it is over the 1 MiB limit");
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException("it is not UTF-8 text");
        }
    }

    static List<Violation> prices(LoadedConfig loaded) {
        BlufioConfig cfg = loaded.config();
        PriceTable prices;
        try {
            prices = PriceTable.load(Optional.ofNullable(cfg.cost().pricingFile()).map(Path::of));
        } catch (BlufioException e) {
            return List.of(new Violation("cost.pricing_file", e.getMessage()));
        }
        String model = cfg.llm().model();
        try {
            prices.require(model);
            return List.of();
        } catch (BlufioException e) {
            return List.of(new Violation("llm." + cfg.llm().provider().wireName() + ".model", e.getMessage()));
        }
    }
}
