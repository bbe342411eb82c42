package io.blufio.cli;

import io.blufio.Ticker;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.config.LoadedConfig;
import io.blufio.memory.Memories;
import io.blufio.memory.Memory;
import io.blufio.memory.MemoryHit;
import io.blufio.memory.OnnxEmbedder;
import io.blufio.store.DataDir;
import io.blufio.store.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code blufio memory add|search|list|forget}: the agent's long-term memory. Opens the data dir's
 * database directly, also while the daemon runs (SQLite WAL lets both write), and loads the embedding
 * model in this process for {@code add} and {@code search} (about a second the first time).
 */
@Command(name = "memory", mixinStandardHelpOptions = true, header = "Manage the agent's long-term memory.",
        description = {"Facts the agent remembers across conversations. Before each turn the most relevant ones",
                "(memory.max_results, above memory.min_similarity) go into the model's context."})
final class MemoryCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = io.blufio.Json.MAPPER;
    @Spec CommandSpec spec;

    /** Returns {@code memory} with its four subcommands. */
    static CommandLine commandLine(GlobalOptions global) {
        return new CommandLine(new MemoryCommand()).addSubcommand(new Add(global)).addSubcommand(new Search(global))
                .addSubcommand(new ListFacts(global)).addSubcommand(new Forget(global));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    static <T> T withMemories(GlobalOptions global, Function<Memories, T> work) {
        LoadedConfig loaded = global.load();
        DataDir dir = new DataDir(loaded.dataDir()).create();
        var cfg = loaded.config().memory();
        try (Database db = Database.open(dir.database());
                OnnxEmbedder embedder = new OnnxEmbedder(dir.root(), Duration.ofSeconds(cfg.unloadAfterIdleS()), Ticker.SYSTEM::nanoTime)) {
            return work.apply(new Memories(db, embedder, cfg, Clock.systemUTC()));
        }
    }

    /** One fact as JSON: {@code source} is explicit|extracted, {@code status} active|superseded|forgotten (SPEC 16). */
    static ObjectNode json(Memory m) {
        ObjectNode n = JSON.createObjectNode().put("id", m.id()).put("text", m.text()).put("source", m.source())
                .put("status", m.status()).put("origin", m.origin()).put("category", m.category())
                .put("created_at", m.createdAt().toString());
        if (m.supersededBy() == null) n.putNull("superseded_by"); else n.put("superseded_by", m.supersededBy());
        return n;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, header = "Remember a fact.")
    static final class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "TEXT", arity = "1..*", description = "The fact, e.g. \"My cat is called Miso\" (up to 2000 characters).") List<String> words;
        @Option(names = "--json", description = "Print the saved fact as one JSON object.") boolean json;
        private final GlobalOptions global;

        Add(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            Memory m = withMemories(global, mem -> mem.add(String.join(" ", words), "cli"));
            PrintWriter out = spec.commandLine().getOut();
            out.println(json ? json(m).toString() : "saved memory " + m.id());
            return ExitCodes.OK;
        }
    }

    @Command(name = "search", mixinStandardHelpOptions = true, header = "Search memory by meaning and keywords, best first.")
    static final class Search implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "QUERY", arity = "1..*", description = "What to look for, in your own words.") List<String> words;
        @Option(names = "--limit", paramLabel = "<n>", description = "Show at most <n> results (default: memory.max_results).") Integer limit;
        @Option(names = "--json", description = "Print a JSON array of {id, text, score, similarity}.") boolean json;
        private final GlobalOptions global;

        Search(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            if (limit != null && (limit < 1 || limit > 1000)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be 1 to 1000, got " + limit);
            }
            int n = limit != null ? limit : global.load().config().memory().maxResults();
            List<MemoryHit> hits = withMemories(global, mem -> mem.search(String.join(" ", words), n));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ArrayNode arr = JSON.createArrayNode();
                for (MemoryHit h : hits) {
                    arr.addObject().put("id", h.memory().id()).put("text", h.memory().text()).put("score", h.score())
                            .put("similarity", h.similarity());
                }
                out.println(arr);
            } else if (hits.isEmpty()) {
                out.println("no matching memories");
            } else {
                for (MemoryHit h : hits) {
                    out.printf(Locale.ROOT, "%6d  score %.4f  similarity %.2f  %s%n", h.memory().id(), h.score(), h.similarity(), h.memory().text());
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, header = "List remembered facts, newest first.",
            description = {"Each fact shows its source (explicit: saved on purpose; extracted: learnt from a conversation)",
                    "and its status (active; superseded by a newer fact, kept; forgotten, shown with --all)."})
    static final class ListFacts implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--limit", paramLabel = "<n>", defaultValue = "100", description = "Show at most <n> facts (default: ${DEFAULT-VALUE}).") int limit;
        @Option(names = "--all", description = "Include forgotten facts.") boolean all;
        @Option(names = "--json", description = "Print a JSON array of {id, text, source, status, origin, category, superseded_by, created_at}.") boolean json;
        private final GlobalOptions global;

        ListFacts(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            if (limit < 1 || limit > 10_000) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be 1 to 10000, got " + limit);
            LoadedConfig loaded = global.load();
            DataDir dir = new DataDir(loaded.dataDir()).create();
            List<Memory> facts;
            try (Database db = Database.open(dir.database())) {  // no embedding needed: the model stays unloaded
                facts = new Memories(db, NO_MODEL, loaded.config().memory(), Clock.systemUTC()).list(limit, all);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ArrayNode arr = JSON.createArrayNode();
                facts.forEach(m -> arr.add(json(m)));
                out.println(arr);
            } else if (facts.isEmpty()) {
                out.println("no memories yet; add one with: blufio memory add TEXT");
            } else {
                for (Memory m : facts) {
                    out.printf(Locale.ROOT, "%6d  %s  %-9s  %-10s  %s%s%n", m.id(), m.createdAt(), m.source(), m.status(), m.text(),
                            m.supersededBy() == null ? "" : "  (superseded by " + m.supersededBy() + ")");
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "forget", mixinStandardHelpOptions = true, header = "Forget one fact (explicit or extracted).",
            description = {"The fact is no longer searched or given to the model, and automatic extraction does not learn it",
                    "again; it stays in the database as status 'forgotten'. --purge deletes it for good."})
    static final class Forget implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(paramLabel = "ID", description = "The fact's id, as shown by 'memory list' or 'memory search'.") long id;
        @Option(names = "--purge", description = "Delete the fact from the database instead of keeping it as forgotten.") boolean purge;
        @Option(names = "--json", description = "Print {\"id\", \"deleted\"}.") boolean json;
        private final GlobalOptions global;

        Forget(GlobalOptions global) {
            this.global = global;
        }

        @Override
        public Integer call() {
            LoadedConfig loaded = global.load();
            DataDir dir = new DataDir(loaded.dataDir()).create();
            boolean deleted;
            try (Database db = Database.open(dir.database())) {
                Memories mem = new Memories(db, NO_MODEL, loaded.config().memory(), Clock.systemUTC());
                deleted = purge ? mem.purge(id) : mem.forget(id);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) out.println(JSON.createObjectNode().put("id", id).put("deleted", deleted));
            else if (deleted) out.println((purge ? "deleted memory " : "forgot memory ") + id);
            else spec.commandLine().getErr().println("blufio: no memory with id " + id + (purge ? "" : " to forget (already forgotten?)")
                    + "; see 'blufio memory list --all'");
            return deleted ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    /** For commands that never embed: fails loudly if they ever try. */
    private static final io.blufio.memory.Embedder NO_MODEL = new io.blufio.memory.Embedder() {
        @Override
        public float[] embed(String text) {
            throw new IllegalStateException("this command does not embed text");
        }

        @Override
        public boolean loaded() {
            return false;
        }

        @Override
        public void unload() {}
    };
}
