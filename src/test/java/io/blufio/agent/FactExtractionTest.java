package io.blufio.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.config.AnthropicConfig;
import io.blufio.config.CostConfig;
import io.blufio.config.LlmConfig;
import io.blufio.config.LlmProvider;
import io.blufio.config.MemoryConfig;
import io.blufio.config.RoutingConfig;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.fixtures.RecordedRequest;
import io.blufio.llm.AnthropicProvider;
import io.blufio.llm.PriceTable;
import io.blufio.memory.Memories;
import io.blufio.memory.Memory;
import io.blufio.memory.OnnxEmbedder;
import io.blufio.store.Database;
import io.blufio.store.InboxStore;
import io.blufio.store.LedgerEntry;
import io.blufio.store.LedgerStore;
import io.blufio.testing.MutableClock;
import io.blufio.tools.ToolRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automatic fact extraction over real parts: turns through {@link TurnRunner} against the Anthropic stand-in,
 * SQLite in a temp dir, the real embedding model; idle time comes from a {@link MutableClock}, so nothing waits.
 */
final class FactExtractionTest {
    static final Duration IDLE = Duration.ofSeconds(300);
    @TempDir static Path modelDir;
    @TempDir Path tmp;
    private static OnnxEmbedder embedder;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private FakeAnthropicServer llm;
    private Database db;
    private Memories memories;
    private TurnRunner runner;
    private FactExtractor extractor;
    private InboxStore inbox;
    private BudgetGuard budget;

    @BeforeAll
    static void loadModel() {
        embedder = new OnnxEmbedder(modelDir, Duration.ofSeconds(600), System::nanoTime);
    }

    @AfterAll
    static void closeModel() {
        embedder.close();
    }

    @BeforeEach
    void start() {
        start(null, new RoutingConfig(true, "claude-haiku-4-5", null, null));
    }

    private void start(Double dailyCap, RoutingConfig routing) {
        if (db != null) stop();
        llm = new FakeAnthropicServer();
        db = Database.open(tmp.resolve("blufio.db"));
        memories = new Memories(db, embedder, new MemoryConfig(null, null, null, null, null, null, null, null), clock);
        var cfg = new AnthropicConfig(llm.url(), FakeAnthropicServer.API_KEY, "claude-sonnet-5-5", 1024, true);
        PriceTable prices = PriceTable.load(Optional.empty());
        budget = new BudgetGuard(new LedgerStore(db), new CostConfig(dailyCap, null, 80, null), clock);
        var billed = new LedgeredProvider(new AnthropicProvider(new LlmConfig(LlmProvider.ANTHROPIC, 30, 0, cfg, null)), prices,
                new LedgerStore(db), budget, AgentEvents.NONE, clock, System::nanoTime);
        ModelRouter router = new ModelRouter(routing, "claude-sonnet-5-5", prices, budget, clock);
        ContextEngine context = new ContextEngine(db, billed, 40, ContextEngine.DEFAULT_BUDGET_TOKENS, memories, clock);
        runner = new TurnRunner(db, billed, new ToolRegistry(List.of()), "You are a test.", context, 4, clock);
        runner.router(router);
        extractor = new FactExtractor(db, memories, billed, router, budget, IDLE, clock);
        inbox = new InboxStore(db);
    }

    @AfterEach
    void stop() {
        extractor.close();
        db.close();
        llm.close();
        db = null;
    }

    private void turn(String text) throws InterruptedException {
        long id = inbox.accept("api", null, "api:me", "tester", text, clock.instant()).orElseThrow();
        runner.run(inbox.find(id).orElseThrow(), TurnObserver.NONE);
    }

    private static String prompt(RecordedRequest r) {
        StringBuilder sb = new StringBuilder();
        r.body().path("messages").get(0).path("content").forEach(b -> sb.append(b.path("text").asText()));
        return r.body().path("messages").get(0).path("content").isTextual() ? r.body().path("messages").get(0).path("content").asText() : sb.toString();
    }

    private List<Memory> active() {
        return memories.list(100).stream().filter(m -> m.status().equals(Memory.ACTIVE)).toList();
    }

    @Test
    void idleSession_factIsExtracted_contradictionSupersedes_repeatDoesNotDuplicate_ledgerHasExtractionRows() throws Exception {
        turn("By the way, my cat is called Pixel and she is a grey tabby.");
        assertThat(extractor.runDue().sessions()).as("not idle yet").isZero();
        clock.advance(IDLE.minusSeconds(1));
        assertThat(extractor.runDue().sessions()).as("one second short").isZero();
        int before = llm.requests().size();

        clock.advance(Duration.ofSeconds(1));
        llm.enqueueText("[{\"content\": \"The user's cat is named Pixel.\", \"category\": \"pet\", \"replaces\": null}]");
        assertThat(extractor.runDue()).isEqualTo(new FactExtractor.Pass(1, 1, 0, 0));
        RecordedRequest call = llm.lastRequest();
        assertThat(llm.requests()).hasSize(before + 1);
        assertThat(call.body().path("model").asText()).as("the routed simple model").isEqualTo("claude-haiku-4-5");
        assertThat(prompt(call)).contains("user: By the way, my cat is called Pixel").contains("<known_memories>\n(none)");
        Memory pixel = memories.list(10).get(0);
        assertThat(pixel).extracting(Memory::text, Memory::source, Memory::status, Memory::category, Memory::origin)
                .containsExactly("The user's cat is named Pixel.", "extracted", "active", "pet", "session:api:me");

        assertThat(extractor.runDue().sessions()).as("never twice on the same messages").isZero();
        clock.advance(IDLE.multipliedBy(3));
        assertThat(extractor.runDue().sessions()).isZero();
        assertThat(llm.requests()).hasSize(before + 1);

        turn("We renamed the cat last week: she answers to Luna now.");
        clock.advance(IDLE);
        llm.enqueueText("```json\n[{\"content\": \"The user's cat is named Luna.\", \"category\": \"pet\", \"replaces\": " + pixel.id() + "}]\n```");
        assertThat(extractor.runDue()).isEqualTo(new FactExtractor.Pass(1, 1, 1, 0));
        assertThat(prompt(llm.lastRequest())).as("the old fact is shown with its id").contains("[" + pixel.id() + "] The user's cat is named Pixel.")
                .contains("user: We renamed the cat").doesNotContain("my cat is called Pixel and she");
        Memory luna = active().get(0);
        assertThat(luna.text()).isEqualTo("The user's cat is named Luna.");
        assertThat(memories.find(pixel.id()).orElseThrow()).extracting(Memory::status, Memory::supersededBy)
                .containsExactly("superseded", luna.id());

        turn("Luna slept on my keyboard again, my cat Luna is a menace.");
        clock.advance(IDLE);
        llm.enqueueText("[{\"content\": \"The user has a cat called Luna.\", \"category\": \"pet\"}]");
        assertThat(extractor.runDue()).isEqualTo(new FactExtractor.Pass(1, 0, 0, 1));
        assertThat(active()).extracting(Memory::text).containsExactly("The user's cat is named Luna.");

        List<LedgerEntry> rows = new LedgerStore(db).forFeature("extraction");
        assertThat(rows).hasSize(3).allSatisfy(e -> {
            assertThat(e.model()).isEqualTo("claude-haiku-4-5");
            assertThat(e.sessionId()).isEqualTo(1L);
            assertThat(e.turnId()).isNull();
            assertThat(e.costUsd()).isPositive();
        });
    }

    @Test
    void forgottenFact_isNotLearntAgain_andForgetWorksOnExtractedFacts() throws Exception {
        turn("My sister Ana lives in Lisbon.");
        clock.advance(IDLE);
        llm.enqueueText("[{\"content\": \"The user's sister Ana lives in Lisbon.\", \"category\": \"person\"}]");
        extractor.runDue();
        long ana = memories.list(1).get(0).id();
        assertThat(memories.forget(ana)).isTrue();
        assertThat(memories.find(ana).orElseThrow().status()).isEqualTo("forgotten");
        assertThat(memories.search("where does my sister live", 5)).extracting(h -> h.memory().id()).doesNotContain(ana);

        turn("Ana, my sister, still lives in Lisbon.");
        clock.advance(IDLE);
        llm.enqueueText("[{\"content\": \"The user's sister Ana lives in Lisbon.\", \"category\": \"person\"}]");
        assertThat(extractor.runDue().added()).isZero();
        assertThat(active()).isEmpty();
        assertThat(memories.list(10, true)).extracting(Memory::status).containsExactly("forgotten");
    }

    @Test
    void answerThatIsNotJson_isBilledOnce_andItsMessagesAreNotSentAgain() throws Exception {
        turn("I start a new job at the bakery on Monday.");
        clock.advance(IDLE);
        llm.enqueueText("Sure! The user starts a new job.");
        assertThat(extractor.runDue().added()).isZero();
        clock.advance(IDLE);
        assertThat(extractor.runDue().sessions()).isZero();
        assertThat(new LedgerStore(db).forFeature("extraction")).hasSize(1);
    }

    @Test
    void providerError_leavesTheMessagesUnread_andRetriesAfterAnotherIdlePeriod() throws Exception {
        turn("I am allergic to peanuts.");
        clock.advance(IDLE);
        llm.enqueueError(400, "invalid_request_error", "bad request");
        assertThat(extractor.runDue().sessions()).isZero();
        assertThat(extractor.runDue().sessions()).as("not again at once").isZero();
        clock.advance(IDLE);
        llm.enqueueText("[{\"content\": \"The user is allergic to peanuts.\", \"category\": \"health\"}]");
        assertThat(extractor.runDue().added()).isEqualTo(1);
    }

    @Test
    void budget_nearTheCap_noExtractionCallIsMade_untilTheNextDay() throws Exception {
        start(0.0001, new RoutingConfig(false, null, null, null));
        llm.usage(new io.blufio.llm.Usage(100, 10, 0, 0));  // claude-sonnet-5-5: $0.0003, past the cap
        turn("My favourite tea is genmaicha.");
        clock.advance(IDLE);
        int before = llm.requests().size();
        assertThat(extractor.runDue().sessions()).isZero();
        assertThat(llm.requests()).hasSize(before);
        clock.advance(Duration.ofDays(1));
        llm.enqueueText("[{\"content\": \"The user's favourite tea is genmaicha.\", \"category\": \"preference\"}]");
        assertThat(extractor.runDue().added()).isEqualTo(1);
        assertThat(llm.lastRequest().body().path("model").asText()).as("routing off: the provider's model").isEqualTo("claude-sonnet-5-5");
    }

    @Test
    void parse_toleratesFencesAndProse_dropsUnknownReplaceIds_andRefusesNonArrays() {
        var facts = FactExtractor.parse("Here:\n```json\n[{\"content\":\"A\",\"category\":\"x\",\"replaces\":7},{\"content\":\"B\",\"replaces\":99},"
                + "{\"content\":\"  \"}]\n```", java.util.Set.of(7L));
        assertThat(facts).extracting(io.blufio.memory.FactCandidate::content).containsExactly("A", "B");
        assertThat(facts.get(0).replaces()).isEqualTo(7L);
        assertThat(facts.get(1).replaces()).isNull();
        assertThat(FactExtractor.parse("[]", java.util.Set.of())).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FactExtractor.parse("no facts", java.util.Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FactExtractor.parse("[1, 2]", java.util.Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
