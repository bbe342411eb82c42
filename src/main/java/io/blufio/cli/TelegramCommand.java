package io.blufio.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.blufio.config.LoadedConfig;
import io.blufio.store.DataDir;
import io.blufio.store.Database;
import io.blufio.store.PairingRequest;
import io.blufio.store.TelegramUserStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code blufio telegram ...}: pairing of Telegram users who are not in {@code telegram.allowed_users}. */
@Command(name = "telegram", mixinStandardHelpOptions = true, header = "Approve Telegram users who asked to talk to the bot.",
        description = {"A stranger who writes to the bot gets one short refusal with a pairing code (at most one an hour).",
                "List the open codes with 'pending' and let a user in with 'approve CODE'. Works with or without a",
                "running daemon (it reads the database directly); an approval counts at the user's next message."})
final class TelegramCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = io.blufio.Json.MAPPER;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** Opens the data dir's database (alongside a running daemon: SQLite WAL allows it). */
    static <T> T withUsers(GlobalOptions global, Function<TelegramUserStore, T> work) {
        LoadedConfig loaded = global.load();
        DataDir dir = new DataDir(loaded.dataDir()).create();
        try (Database db = Database.open(dir.database())) {
            return work.apply(new TelegramUserStore(db));
        }
    }

    @Command(name = "pending", mixinStandardHelpOptions = true, header = "List pairing codes waiting for approval.")
    static final class Pending implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--json", description = "Print a JSON array instead of a table.") boolean json;
        private final GlobalOptions global;

        Pending(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            List<PairingRequest> pending = withUsers(global, TelegramUserStore::pending);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ArrayNode arr = JSON.createArrayNode();
                for (PairingRequest p : pending) {
                    arr.addObject().put("code", p.code()).put("user_id", p.userId()).put("username", p.username())
                            .put("name", p.displayName()).put("requested_at", p.createdAt().toString());
                }
                out.println(arr.toPrettyString());
                return ExitCodes.OK;
            }
            if (pending.isEmpty()) {
                out.println("no pending pairing requests");
                return ExitCodes.OK;
            }
            out.printf("%-10s %-14s %-20s %-24s %s%n", "CODE", "USER ID", "USERNAME", "NAME", "REQUESTED");
            for (PairingRequest p : pending) {
                out.printf("%-10s %-14d %-20s %-24s %s%n", p.code(), p.userId(), p.username() == null ? "-" : "@" + p.username(),
                        p.displayName() == null ? "-" : p.displayName(), p.createdAt().toString().substring(0, 19) + "Z");
            }
            out.println("approve one with: blufio telegram approve CODE");
            return ExitCodes.OK;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, header = "Let the user who got CODE talk to the bot.",
            description = "Takes effect at the user's next message, also while the daemon runs; no restart needed.")
    static final class Approve implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "CODE", description = "The pairing code from the refusal (case does not matter).") String code;
        @Option(names = "--json", description = "Print one JSON object instead of text.") boolean json;
        private final GlobalOptions global;

        Approve(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            Optional<PairingRequest> done = withUsers(global, s -> s.approve(code, Clock.systemUTC().instant()));
            PrintWriter out = spec.commandLine().getOut();
            if (done.isEmpty()) {
                if (json) out.println(JSON.createObjectNode().put("approved", false).put("code", code).toPrettyString());
                spec.commandLine().getErr().println("blufio: no pending pairing request has code " + code
                        + "; list them with: blufio telegram pending");
                return ExitCodes.FAILURE;
            }
            PairingRequest p = done.get();
            if (json) {
                out.println(JSON.createObjectNode().put("approved", true).put("code", p.code()).put("user_id", p.userId())
                        .put("username", p.username()).toPrettyString());
            } else {
                out.println("approved Telegram user " + p.userId() + (p.username() == null ? "" : " (@" + p.username() + ")")
                        + "; their next message will be answered");
            }
            return ExitCodes.OK;
        }
    }
}
