package io.blufio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.Redactor;
import io.blufio.config.ConfigKeys;
import io.blufio.config.ConfigLoader;
import io.blufio.config.ConfigProblem;
import io.blufio.config.LoadedConfig;
import io.blufio.vault.SecretResolver;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code blufio config ...}: inspect and validate the configuration ({@code path}, {@code validate},
 * {@code get}); the secret commands ({@code set-secret}, {@code list-secrets}, {@code change-passphrase})
 * live in {@link SecretCommands}. There is no {@code config set}: people edit the TOML file.
 */
@Command(name = "config", mixinStandardHelpOptions = true, header = "Inspect the configuration and manage secrets.",
        footer = {"", "Secrets (llm.anthropic.api_key, llm.openai.api_key, telegram.bot_token) resolve from the environment,",
                "then the vault (config set-secret), then the TOML file. The vault passphrase comes from BLUFIO_VAULT_KEY",
                "or a prompt. Exit codes: 0 ok, 1 failure, 2 usage or unknown key, 78 invalid configuration or vault error."})
final class ConfigCommand implements Callable<Integer> {
    static final ObjectMapper JSON = io.blufio.Json.MAPPER;
    @Spec CommandSpec spec;
    private final GlobalOptions global;

    ConfigCommand(GlobalOptions global) {
        this.global = global;
    }

    /** Returns the {@code config} command with all its subcommands. */
    static CommandLine commandLine(GlobalOptions global) {
        return new CommandLine(new ConfigCommand(global))
                .addSubcommand(new SecretCommands.SetSecret(global))
                .addSubcommand(new SecretCommands.ListSecrets(global))
                .addSubcommand(new SecretCommands.ChangePassphrase(global));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    @Command(name = "path", mixinStandardHelpOptions = true, header = "Print which config file and data dir are in use.")
    int path() {
        var loaded = global.load();
        var out = spec.commandLine().getOut();
        out.println("config file: " + loaded.file().map(Object::toString).orElse("(none: defaults)"));
        out.println("data dir:    " + loaded.dataDir());
        return ExitCodes.OK;
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            header = "Check the config file and BLUFIO_* variables; print every problem with file, line and a fix.",
            description = {"Applies exactly the rules of `serve` (types, ranges, a non-loopback gateway.host without",
                    "allow_remote, base URLs, system_prompt_file, prices), so a config it passes does not make serve exit 78.",
                    "Variables that look like settings but are misspelled (BLUFIO_GATEWAY_PORT) get a warning."},
            footer = {"", "Examples:", "  blufio config validate", "  BLUFIO_GATEWAY__HOST=0.0.0.0 blufio config validate   # exit 78: allow_remote is off",
                    "", "Exit codes: 0 valid (warnings allowed), 78 at least one problem (all are printed, in file order)."})
    int validate() {
        var v = global.validateForServe();
        for (String w : v.warnings()) spec.commandLine().getErr().println("warning: " + w);
        if (v.problems().isEmpty()) {
            List<String> prices = priceProblems(v.loaded().orElseThrow().config());
            if (!prices.isEmpty()) {
                prices.forEach(spec.commandLine().getErr()::println);
                spec.commandLine().getErr().println(summary(prices.size()));
                return ExitCodes.CONFIG;
            }
            spec.commandLine().getOut().println("ok: " + v.file().map(Object::toString).orElse("no config file (defaults)") + " is valid");
            return ExitCodes.OK;
        }
        for (ConfigProblem p : v.problems()) spec.commandLine().getErr().println(p.render());
        spec.commandLine().getErr().println(summary(v.problems().size()));
        return ExitCodes.CONFIG;
    }

    /**
     * Returns the problems {@code serve} would refuse at start with exit 78 for want of a price: the price
     * table (built-in plus {@code cost.pricing_file}) unreadable, the provider's model or a routed model unpriced.
     */
    static List<String> priceProblems(io.blufio.config.BlufioConfig cfg) {
        io.blufio.llm.PriceTable prices;
        try {
            prices = io.blufio.llm.PriceTable.load(Optional.ofNullable(cfg.cost().pricingFile()).map(java.nio.file.Path::of));
        } catch (io.blufio.BlufioException e) {
            return List.of("cost.pricing_file: " + e.getMessage());
        }
        String model = cfg.llm().model();
        List<String> out = new java.util.ArrayList<>();
        String key = "llm." + cfg.llm().provider().wireName() + ".model";
        if (prices.find(model).isEmpty()) {
            out.add(key + ": model \"" + model + "\" has no price; add [models.\"" + model
                    + "\"] (input, output, cache_read, cache_write in USD per million tokens) to the file named by cost.pricing_file");
        }
        out.addAll(io.blufio.agent.ModelRouter.unpriced(cfg.routing(), model, prices));
        return out;
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            header = "Print one resolved value (environment, vault, file, default); secrets are masked as ****abcd.",
            footer = {"", "Examples:", "  blufio config get gateway.port", "  blufio config get llm.anthropic.api_key --json"})
    int get(@Parameters(paramLabel = "KEY", description = "Dotted key, e.g. gateway.port or llm.anthropic.api_key.") String key,
            @Option(names = "--json", description = "Print one JSON object {key, value, secret, source}.") boolean json) {
        var err = spec.commandLine().getErr();
        if (!ConfigKeys.isKey(key)) {
            List<String> near = ConfigKeys.near(key);
            err.println("blufio: unknown config key `" + Redactor.redact(key) + "`" + (ConfigKeys.isSection(key) ? " (it is a section)" : "")
                    + (near.isEmpty() ? "; see the keys in the README" : "; did you mean: " + String.join(", ", near) + "?"));
            return ExitCodes.USAGE;
        }
        LoadedConfig loaded = global.load();
        ObjectNode node = JSON.createObjectNode().put("key", key).put("secret", ConfigKeys.isSecret(key));
        String text;
        if (ConfigKeys.isSecret(key)) {
            SecretResolver.Resolution r = SecretCommands.resolve(global, loaded, false).secrets().stream()
                    .filter(s -> s.name().equals(key)).findFirst().orElseThrow();
            boolean set = r.source() != SecretResolver.Source.UNSET;
            node.put("value", set ? r.masked() : null).put("source", SecretCommands.sourceName(r));
            text = set ? r.masked() + " (" + SecretCommands.describe(r, loaded) + ")" : "(not set)";
        } else {
            Object value = ConfigKeys.value(loaded.config(), key);
            Object effective = effective(key, value, loaded);  // derived paths: what blufio really uses
            node.set("value", JSON.valueToTree(effective));
            if (effective != value) node.put("derived", true);
            text = effective == null ? "(not set)" : effective + (effective != value ? "  (" + derivation(key) + ")" : "");
        }
        spec.commandLine().getOut().println(json ? node.toString() : text);
        return ExitCodes.OK;
    }

    /**
     * Returns the value blufio uses for {@code key}: for {@code storage.data_dir} the data dir in effect
     * (--data-dir, BLUFIO_DATA_DIR, the key, or the XDG default), for {@code tools.workspace_dir}
     * {@code <data dir>/workspace} when unset; else {@code value} itself.
     */
    static Object effective(String key, Object value, LoadedConfig loaded) {
        return switch (key) {
            case "storage.data_dir" -> loaded.dataDir().toString();
            case "tools.workspace_dir" -> value != null ? value : loaded.dataDir().resolve("workspace").toString();
            default -> value;
        };
    }

    private static String derivation(String key) {
        return key.equals("storage.data_dir") ? "in effect: --data-dir, BLUFIO_DATA_DIR, storage.data_dir or the default"
                : "default: <data dir>/workspace";
    }

    /** Returns the closing line of a failed validation, e.g. {@code 1 problem; fix it and run ... again}. */
    private static String summary(int problems) {
        return problems == 1 ? "1 problem; fix it and run `blufio config validate` again"
                : problems + " problems; fix them and run `blufio config validate` again";
    }
}
