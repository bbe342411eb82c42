package io.blufio.cli;

import io.blufio.ErrorCode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.blufio.agent.AgentException;
import io.blufio.agent.ScheduleJson;
import io.blufio.agent.Schedules;
import io.blufio.config.LoadedConfig;
import io.blufio.store.DataDir;
import io.blufio.store.Database;
import io.blufio.store.InboxStore;
import io.blufio.store.Schedule;
import io.blufio.store.ScheduleRun;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code blufio schedule list|add|remove|run-now|history} (SPEC section 12). Works with or without a
 * running daemon: it opens the data dir's database directly (SQLite WAL lets both write); a running
 * daemon's scheduler sees a new or removed schedule within a second, and its inbox dispatcher picks up a
 * {@code run-now} turn within a second. Without a daemon a {@code run-now} turn runs at the next start.
 */
@Command(name = "schedule", mixinStandardHelpOptions = true, header = "Manage reminders and recurring tasks.",
        description = {"A schedule runs its prompt as a turn of its session when due: once (--at), by a 5-field cron",
                "expression read in agent.timezone (--cron), or at a fixed interval (--every). The answer goes to the",
                "session's channel (the Telegram chat, or the API session's history)."},
        footer = {"", "Examples:",
                "  blufio schedule add --at 2025-03-01T09:00 --session telegram:42 Remind me to call the bank",
                "  blufio schedule add --cron '30 7 * * 1-5' --session telegram:42 Summarise my open tasks",
                "  blufio schedule add --every 1h --session api:cli Check the build status",
                "  blufio schedule history 3 --json"})
final class ScheduleCommand implements Callable<Integer> {
    static final ObjectMapper JSON = io.blufio.Json.MAPPER;
    @Spec CommandSpec spec;

    /** Returns {@code schedule} with its subcommands. */
    static CommandLine commandLine(GlobalOptions global) {
        return new CommandLine(new ScheduleCommand()).addSubcommand(new ListSchedules(global)).addSubcommand(new Add(global))
                .addSubcommand(new Remove(global)).addSubcommand(new RunNow(global)).addSubcommand(new History(global));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** Runs {@code work} over the data dir's schedules. */
    static <T> T withSchedules(GlobalOptions global, Function<Ctx, T> work) {
        LoadedConfig loaded = global.load();
        DataDir dir = new DataDir(loaded.dataDir()).create();
        try (Database db = Database.open(dir.database())) {
            var cfg = loaded.config();
            return work.apply(new Ctx(db, new Schedules(db, cfg.schedules(), cfg.agent().zone(), Clock.systemUTC()), dir.runningPid().isPresent()));
        }
    }

    /** What a subcommand works with. */
    record Ctx(Database db, Schedules schedules, boolean daemonRunning) {}

    /**
     * Returns whole seconds of {@code text}: a number of seconds, or a number with unit s, m, h or d ({@code 90}, {@code 5m}, {@code 1h}).
     *
     * @throws AgentException {@code schedule_invalid}
     */
    static long seconds(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!t.isEmpty() && "smhd".indexOf(t.charAt(t.length() - 1)) >= 0) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 'm' -> 60;
                case 'h' -> 3600;
                case 'd' -> 86_400;
                default -> 1;
            };
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t);
            if (n <= 0) throw new NumberFormatException();
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new AgentException(ErrorCode.SCHEDULE_INVALID, "--every " + text + " is not a duration; give seconds (90) or a number with s, m, h or d (5m, 1h, 1d)");
        }
    }

    static String line(Schedules schedules, Schedule s) {
        String next = s.nextFireAt() == null ? "-" : io.blufio.agent.ScheduleSpec.show(s.nextFireAt(), schedules.zone());
        return String.format(Locale.ROOT, "%5d  %-14s %-8s %-22s next %-32s %s", s.id(), s.sessionKey(), s.kind(),
                s.kind().equals("every") ? s.spec() + " s" : s.spec(), next, s.prompt().replace('\n', ' '));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, header = "List the active schedules of every session.")
    static final class ListSchedules implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--json", description = "Print {\"schedules\": [...]} as GET /v1/schedules does.") boolean json;
        @Option(names = "--all", description = "Include done and cancelled schedules.") boolean all;
        private final GlobalOptions global;

        ListSchedules(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            withSchedules(global, ctx -> {
                List<Schedule> list = all ? ctx.schedules().listAll() : ctx.schedules().list(null);
                if (json) {
                    out.println(ScheduleJson.list(JSON, ctx.schedules(), list));
                } else if (list.isEmpty()) {
                    out.println("no schedules; add one with: blufio schedule add --at TIME --session NAME TEXT");
                } else {
                    out.println("times in " + ctx.schedules().zone().getId());
                    for (Schedule s : list) out.println(line(ctx.schedules(), s) + (s.state().equals("active") ? "" : "  [" + s.state() + "]"));
                }
                return null;
            });
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** Exactly one of --at, --cron, --every. */
    static final class When {
        @Option(names = "--at", paramLabel = "<time>", required = true,
                description = "Once, at an RFC 3339 time (2025-03-01T09:00:00+01:00) or a local time in agent.timezone (2025-03-01T09:00).") String at;
        @Option(names = "--cron", paramLabel = "<expr>", required = true,
                description = "Recurring, by a 5-field cron expression (minute hour day-of-month month day-of-week) in agent.timezone.") String cron;
        @Option(names = "--every", paramLabel = "<duration>", required = true,
                description = "Recurring, every <duration>: seconds, or a number with s, m, h or d (90, 5m, 1h).") String every;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, header = "Add a schedule to a session.")
    static final class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @ArgGroup(exclusive = true, multiplicity = "1") When when;
        @Option(names = "--session", paramLabel = "<name>", required = true,
                description = "The owner session: telegram:<chat id>, api:<name>, cli:local, or a bare name for api:<name>.") String session;
        @Option(names = "--zone", paramLabel = "<zone>", description = "IANA time zone of --cron and of a local --at (default: agent.timezone).") String zone;
        @Option(names = "--json", description = "Print the new schedule as one JSON object.") boolean json;
        @Parameters(paramLabel = "TEXT", arity = "1..*", description = "What the agent should do when it fires.") List<String> words;
        private final GlobalOptions global;

        Add(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            Long every = when.every == null ? null : seconds(when.every);
            Schedules.Request r = new Schedules.Request(String.join(" ", words), when.at, when.cron, every, zone);
            PrintWriter out = spec.commandLine().getOut();
            withSchedules(global, ctx -> {
                Schedule s = ctx.schedules().create(session, r, "cli");
                if (json) {
                    out.println(ScheduleJson.schedule(JSON, ctx.schedules(), s));
                } else {
                    out.println("added schedule " + s.id() + " for " + s.sessionKey() + "; next fire times (" + ctx.schedules().zone().getId() + "):");
                    for (Instant t : ctx.schedules().upcoming(s, 3)) out.println("  " + io.blufio.agent.ScheduleSpec.show(t, ctx.schedules().zone()));
                }
                return null;
            });
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, header = "Cancel a schedule (its history stays).")
    static final class Remove implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The schedule's id, as 'schedule list' shows it.") long id;
        private final GlobalOptions global;

        Remove(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            Schedule s = withSchedules(global, ctx -> ctx.schedules().cancel(id, null));
            spec.commandLine().getOut().println("removed schedule " + s.id() + " (" + s.kind() + " " + s.spec() + ")");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "run-now", mixinStandardHelpOptions = true, header = "Run a schedule's prompt once now, outside its timetable.")
    static final class RunNow implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The schedule's id.") long id;
        private final GlobalOptions global;

        RunNow(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            withSchedules(global, ctx -> {
                InboxStore inbox = new InboxStore(ctx.db());
                long turn = ctx.schedules().runNow(id, in -> inbox.accept(in.channel(), in.externalId(), in.sessionKey(), in.sender(),
                        in.content(), Instant.now()));
                out.println("queued schedule " + id + " as turn " + turn + (ctx.daemonRunning()
                        ? "; the daemon runs it within a second" : "; it runs when 'blufio serve' starts"));
                return null;
            });
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, header = "Show what happened to a schedule's occurrences, newest first.")
    static final class History implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The schedule's id.") long id;
        @Option(names = "--limit", paramLabel = "<n>", defaultValue = "50", description = "Show at most <n> runs (default: ${DEFAULT-VALUE}).") int limit;
        @Option(names = "--json", description = "Print {\"schedule\": {...}, \"runs\": [...]}.") boolean json;
        private final GlobalOptions global;

        History(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            withSchedules(global, ctx -> {
                Schedule s = ctx.schedules().find(id).orElseThrow(() -> new AgentException(ErrorCode.SCHEDULE_NOT_FOUND,
                        "no schedule " + id + "; see 'blufio schedule list --all'"));
                List<ScheduleRun> runs = ctx.schedules().history(id, Math.max(1, Math.min(limit, 10_000)));
                if (json) {
                    var o = JSON.createObjectNode();
                    o.set("schedule", ScheduleJson.schedule(JSON, ctx.schedules(), s));
                    ArrayNode arr = o.putArray("runs");
                    runs.forEach(r -> arr.add(ScheduleJson.run(JSON, r)));
                    out.println(o);
                } else {
                    out.println(line(ctx.schedules(), s) + "  [" + s.state() + "]");
                    if (runs.isEmpty()) out.println("  no runs yet");
                    for (ScheduleRun r : runs) {
                        out.printf(Locale.ROOT, "  %s  %-9s %s%s%n", io.blufio.agent.ScheduleSpec.show(r.scheduledAt(), ctx.schedules().zone()), r.outcome(),
                                r.inboxId() == null ? "" : "turn " + r.inboxId() + " (" + r.turnState() + ")", r.note() == null ? "" : "  " + r.note());
                    }
                }
                return null;
            });
            out.flush();
            return ExitCodes.OK;
        }
    }
}
