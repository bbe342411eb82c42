package io.blufio.cli;

import io.blufio.auth.DeviceRegistry;
import io.blufio.config.LoadedConfig;
import io.blufio.store.DataDir;
import io.blufio.store.Database;
import io.blufio.store.Device;
import io.blufio.store.DeviceStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code blufio device ...}: the Ed25519 device keys allowed to call the API. */
@Command(name = "device", mixinStandardHelpOptions = true, header = "Manage the device keys allowed to call the API.",
        description = {"Each device signs its requests with its own Ed25519 key (RFC 9421). The daemon keeps the public",
                "keys in its database; private keys live in <data dir>/devices/<name>.key (mode 0600).",
                "Changes take effect at once, also while the daemon runs."})
final class DeviceCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    private final GlobalOptions global;

    DeviceCommand(GlobalOptions global) {
        this.global = global;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** Opens the data dir's database (alongside a running daemon: SQLite WAL allows it). */
    static <T> T withRegistry(GlobalOptions global, java.util.function.Function<DeviceRegistry, T> work) {
        LoadedConfig loaded = global.load();
        DataDir dir = new DataDir(loaded.dataDir()).create();
        try (Database db = Database.open(dir.database())) {
            return work.apply(new DeviceRegistry(new DeviceStore(db), dir, Clock.systemUTC()));
        }
    }

    /** A malformed NAME is a usage error (exit 2), found before the data dir is touched. */
    static void checkName(CommandSpec spec, String name) {
        if (name == null || !DeviceRegistry.NAME.matcher(name).matches()) {
            String shown = name == null ? "(none)" : "\"" + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "\"";
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "invalid device name " + shown
                    + ": use 1 to 32 characters of a-z, 0-9, '_' and '-', starting with a letter or digit (e.g. laptop, phone-2)");
        }
    }

    @Command(name = "new", mixinStandardHelpOptions = true, header = "Create a device key and allow it to call the API.")
    static final class New implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME", description = "Device name: lower-case letters, digits, '-' and '_', up to 32.") String name;
        private final GlobalOptions global;

        New(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            checkName(spec, name);
            Device d = withRegistry(global, r -> r.create(name));
            spec.commandLine().getOut().println("created device " + d.name() + "; its private key is in "
                    + new DataDir(global.load().dataDir()).deviceKey(d.name()) + "\ncopy it to the other machine with: blufio device export " + d.name());
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, header = "List devices with their key fingerprints.")
    static final class ListDevices implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--json", description = "Print a JSON array instead of a table.") boolean json;
        private final GlobalOptions global;

        ListDevices(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() throws Exception {
            var devices = withRegistry(global, DeviceRegistry::list);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                var arr = io.blufio.channel.gateway.Request.JSON.createArrayNode();
                for (Device d : devices) {
                    arr.addObject().put("name", d.name()).put("public_key", HexFormat.of().formatHex(d.publicKey()))
                            .put("created_at", d.createdAt().toString()).put("revoked_at", d.revokedAt() == null ? null : d.revokedAt().toString());
                }
                out.println(arr.toPrettyString());
                return ExitCodes.OK;
            }
            out.printf("%-20s %-10s %-22s %s%n", "NAME", "STATE", "CREATED", "PUBLIC KEY");
            for (Device d : devices) {
                out.printf("%-20s %-10s %-22s %s%n", d.name(), d.active() ? "active" : "revoked",
                        d.createdAt().toString().substring(0, 19) + "Z", HexFormat.of().formatHex(d.publicKey()).substring(0, 16) + "...");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, header = "Revoke a device: its requests are refused from now on.")
    static final class Revoke implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;
        @Option(names = "--force", description = "Also revoke the local cli device (blufio api, shell and status then stop working).")
        boolean force;
        private final GlobalOptions global;

        Revoke(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            checkName(spec, name);
            if (DeviceRegistry.LOCAL_DEVICE.equals(name) && !force) {
                spec.commandLine().getErr().println("blufio: `cli` is the local device that blufio api, shell and status sign with;"
                        + " revoking it locks them out of the API for good (a revoked name cannot be registered again)."
                        + " Pass --force if that is what you want.");
                return ExitCodes.USAGE;
            }
            withRegistry(global, r -> {
                r.revoke(name);
                return null;
            });
            spec.commandLine().getOut().println("revoked device " + name);
            return ExitCodes.OK;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, header = "Print a device's private key (PEM) for copying to that device.",
            description = "Prints to stdout: redirect it to a file with mode 0600, never paste it into chats or tickets.")
    static final class Export implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "NAME") String name;
        private final GlobalOptions global;

        Export(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            checkName(spec, name);
            String pem = withRegistry(global, r -> r.export(name));
            spec.commandLine().getOut().print(pem);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
