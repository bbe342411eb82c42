package io.blufio.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The examples in each command's {@code --help} (clig.dev: "lead with examples"), kept in one table so every
 * command has at least one; {@link #addTo} puts them before the command's own footer. Commands that list
 * examples in their own annotation keep those. Text is literal: {@code %} needs no escaping here.
 */
final class Examples {
    /** Qualified command name (as typed after {@code blufio}) to its examples, one per line. */
    static final Map<String, List<String>> BY_COMMAND = Map.ofEntries(
            Map.entry("serve", List.of("blufio serve", "BLUFIO_GATEWAY__PORT=3001 ANTHROPIC_API_KEY=sk-ant-... blufio serve",
                    "sudo systemctl start blufio        # the same under systemd (contrib/blufio.service)")),
            Map.entry("shell", List.of("blufio shell", "sudo -u blufio blufio --data-dir /var/lib/blufio shell")),
            Map.entry("status", List.of("blufio status", "blufio status --json | jq .budget")),
            Map.entry("doctor", List.of("blufio doctor", "blufio doctor --deep", "BLUFIO_VAULT_KEY=... blufio doctor --json --timeout 5")),
            Map.entry("config", List.of("blufio config path", "blufio config validate", "blufio config get gateway.port")),
            Map.entry("config path", List.of("blufio config path", "blufio --config ./blufio.toml config path")),
            Map.entry("config list-secrets", List.of("blufio config list-secrets", "BLUFIO_VAULT_KEY=... blufio config list-secrets --json")),
            Map.entry("config change-passphrase", List.of("blufio config change-passphrase",
                    "printf '%s\\n' \"$NEW\" | BLUFIO_VAULT_KEY=\"$OLD\" blufio config change-passphrase")),
            Map.entry("device", List.of("blufio device new laptop", "blufio device list")),
            Map.entry("device new", List.of("blufio device new laptop",
                    "blufio device export laptop > laptop.key && chmod 600 laptop.key   # then copy it to the laptop")),
            Map.entry("device list", List.of("blufio device list", "blufio device list --json")),
            Map.entry("device revoke", List.of("blufio device revoke laptop")),
            Map.entry("device export", List.of("blufio device export laptop > laptop.key && chmod 600 laptop.key")),
            Map.entry("telegram", List.of("blufio telegram pending", "blufio telegram approve K7P2QXMA")),
            Map.entry("telegram pending", List.of("blufio telegram pending", "blufio telegram pending --json")),
            Map.entry("telegram approve", List.of("blufio telegram approve K7P2QXMA")),
            Map.entry("memory", List.of("blufio memory add \"My cat is called Miso\"", "blufio memory search cat")),
            Map.entry("memory add", List.of("blufio memory add \"My cat is called Miso\"")),
            Map.entry("memory search", List.of("blufio memory search what is my cat called", "blufio memory search cat --limit 3 --json")),
            Map.entry("memory list", List.of("blufio memory list", "blufio memory list --limit 20 --json")),
            Map.entry("memory forget", List.of("blufio memory forget 12")),
            Map.entry("mcp list", List.of("blufio mcp list", "blufio mcp list --json | jq '.servers[].tools[].hash'")),
            Map.entry("mcp approve", List.of("blufio mcp approve notes", "blufio mcp approve notes search_notes read_note")),
            Map.entry("schedule list", List.of("blufio schedule list", "blufio schedule list --all --json")),
            Map.entry("schedule add", List.of("blufio schedule add --at 2025-03-01T09:00 --session telegram:42 Remind me to call the bank",
                    "blufio schedule add --every 1h --session api:cli Check the build status")),
            Map.entry("schedule remove", List.of("blufio schedule remove 3")),
            Map.entry("schedule run-now", List.of("blufio schedule run-now 3")),
            Map.entry("schedule history", List.of("blufio schedule history 3", "blufio schedule history 3 --json")));

    private Examples() {}

    /** Adds the examples of {@link #BY_COMMAND} to every command of {@code root}'s tree that has none yet. */
    static void addTo(CommandLine root) {
        for (CommandLine sub : root.getSubcommands().values()) addTo(sub, sub.getCommandName());
    }

    /** Adds the examples of {@link #BY_COMMAND} to {@code cl} (named {@code qualified}) and its subcommands. */
    static void addTo(CommandLine cl, String qualified) {
        List<String> examples = BY_COMMAND.get(qualified);
        var usage = cl.getCommandSpec().usageMessage();
        if (examples != null && !String.join("\n", usage.footer()).contains("Example")) {
            List<String> footer = new ArrayList<>(List.of("", "Examples:"));
            for (String e : examples) footer.add("  " + e.replace("%", "%%"));  // footers are format strings
            footer.addAll(List.of(usage.footer()));
            usage.footer(footer.toArray(String[]::new));
        }
        for (CommandLine sub : cl.getSubcommands().values()) addTo(sub, qualified + " " + sub.getCommandName());
    }
}
