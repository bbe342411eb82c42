package io.blufio.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.blufio.config.MemoryConfig;
import io.blufio.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hybrid search with the real embedding model (loaded once for the class) over real SQLite. */
final class MemoriesTest {
    @TempDir static Path modelDir;
    @TempDir Path tmp;
    private static final AtomicLong NANOS = new AtomicLong();
    private static OnnxEmbedder embedder;
    private Database db;
    private Memories memories;

    @BeforeAll
    static void loadModel() {
        embedder = new OnnxEmbedder(modelDir, Duration.ofSeconds(600), NANOS::get);
    }

    @AfterAll
    static void closeModel() {
        embedder.close();
    }

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("blufio.db"));
        memories = new Memories(db, embedder, new MemoryConfig(null, null, null, null, null, null, null, null), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void search_ranksCatFirst_forAQuerySharingNoWord() {
        memories.add("The VPS runs Debian 12 with 2 GB of RAM", "cli");
        long cat = memories.add("I have a cat named Miso", "cli").id();
        memories.add("My sister's birthday is on the third of May", "cli");

        List<MemoryHit> hits = memories.search("which pet animal lives with me", 8);

        assertThat(hits).isNotEmpty();
        assertThat(hits.get(0).memory().id()).isEqualTo(cat);
        assertThat(hits.get(0).keywordMatch()).isFalse();  // found by meaning alone
        assertThat(hits.get(0).similarity()).isGreaterThanOrEqualTo(0.20);
        assertThat(hits.get(0).score()).isEqualTo(1.0 / (HybridSearch.TUNED.k() + 1));
        assertThat(hits).extracting(h -> h.memory().text()).doesNotContain("The VPS runs Debian 12 with 2 GB of RAM");
    }

    @Test
    void search_withDefaults_findsThePetFact_firstAmongDistractorsSharingWords() {
        memories.add("The user lives in Berlin, in the Kreuzberg district.", "cli");
        memories.add("The user's pet peeve is people who chew loudly.", "cli");
        long cat = memories.add("The user's cat is named Pixel", "cli").id();
        memories.add("The user works as a backend engineer at a logistics company.", "cli");

        List<MemoryHit> hits = memories.search("which pet animal lives with me", 8);

        assertThat(hits.get(0).memory().id()).isEqualTo(cat);
        assertThat(hits.get(0).memory().text()).isEqualTo("The user's cat is named Pixel");
    }

    @Test
    void queryText_vagueMessage_isLookedUpWithThePreviousUserTurn_othersAlone() {
        assertThat(QueryText.withContext("what was her name?", "I have a one-to-one with my boss tomorrow"))
                .isEqualTo("I have a one-to-one with my boss tomorrow\nwhat was her name?");
        assertThat(QueryText.withContext("when exactly?", "I want to plan a surprise for Sam")).startsWith("I want to plan");
        assertThat(QueryText.withContext("which city is my home", "what time is it?")).isEqualTo("which city is my home");
        assertThat(QueryText.withContext("what was her name?", null)).isEqualTo("what was her name?");
    }

    @Test
    void search_withFts5SyntaxCharacters_treatsThemAsText() {
        memories.add("Backup password hint: NEAR the old OR new garden shed", "cli");
        String nasty = "\"unbalanced ( NEAR/3 OR AND NOT * - : ^ + {col}: shed\" ) 'x' \\ ; -- DROP TABLE memories; garden*";

        List<MemoryHit> hits = memories.search(nasty, 8);

        assertThat(hits).extracting(h -> h.memory().text()).contains("Backup password hint: NEAR the old OR new garden shed");
        assertThat(memories.search("\" * - : ( ) ^", 8)).isNotNull();  // punctuation only: no keyword query, no error
        assertThat(memories.search("OR", 8)).isNotNull();
    }

    @Test
    void forget_removesFromListAndBothIndexes() {
        long id = memories.add("Pinned fact about zebrafish aquariums", "cli").id();
        assertThat(memories.search("zebrafish", 5)).extracting(h -> h.memory().id()).contains(id);

        assertThat(memories.forget(id)).isTrue();
        assertThat(memories.forget(id)).isFalse();
        assertThat(memories.list(10)).extracting(Memory::id).doesNotContain(id);
        assertThat(memories.search("zebrafish aquariums", 5)).extracting(h -> h.memory().id()).doesNotContain(id);
    }

    @Test
    void add_refusesBlankAndOversizedText_atTheLimitAndOnePast() {
        assertThatThrownBy(() -> memories.add("  ", "cli")).hasMessageContaining("empty");
        assertThat(memories.add("x".repeat(Memories.MAX_TEXT_CHARS), "cli").text()).hasSize(Memories.MAX_TEXT_CHARS);
        assertThatThrownBy(() -> memories.add("x".repeat(Memories.MAX_TEXT_CHARS + 1), "cli"))
                .isInstanceOf(MemoryException.class).hasMessageContaining("2001 characters; the limit is 2000");
    }

    @Test
    void embedder_unloadsAfterIdleTime_andOnShed_thenLoadsAgainOnUse() {
        memories.add("Coffee: oat milk flat white", "cli");
        assertThat(embedder.loaded()).isTrue();
        NANOS.addAndGet(Duration.ofSeconds(599).toNanos());
        assertThat(embedder.unloadIfIdle()).isFalse();
        NANOS.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(embedder.unloadIfIdle()).isTrue();
        assertThat(embedder.loaded()).isFalse();

        assertThat(memories.search("what coffee do I drink", 3)).isNotEmpty();
        assertThat(memories.modelLoaded()).isTrue();
        memories.shed();
        assertThat(memories.modelLoaded()).as("in active use: kept").isTrue();
        NANOS.addAndGet(Memories.SHED_IDLE.toNanos());
        memories.shed();
        assertThat(memories.modelLoaded()).isFalse();
    }

    @Test
    void search_streamsManyStoredVectors_andKeepsTheBest() {
        float[] noise = new float[Embedder.DIMENSIONS];
        noise[0] = 1;
        MemoryStore store = new MemoryStore(db);
        for (int i = 0; i < MemoryStore.SCAN_BATCH * 2 + 7; i++) store.insert("filler " + i, noise, "test", java.time.Instant.EPOCH);
        long cat = memories.add("I have a cat named Miso", "cli").id();

        assertThat(memories.search("which pet animal lives with me", 3).get(0).memory().id()).isEqualTo(cat);
    }

    @Test
    void chunks_areBoundedInSizeAndNumber_andCutAtWhiteSpace() {
        String words = "alpha beta gamma delta ".repeat(100_000);  // 2.3 MB
        List<String> pieces = Embedder.chunks(words);
        assertThat(pieces).hasSize(Embedder.MAX_CHUNKS);
        assertThat(pieces).allSatisfy(p -> assertThat(p.length()).isBetween(Embedder.CHUNK_CHARS / 2, Embedder.CHUNK_CHARS));
        assertThat(pieces).allSatisfy(p -> assertThat(p).matches("(alpha|beta|gamma|delta)( (alpha|beta|gamma|delta))*"));
        assertThat(Embedder.chunks("short text")).containsExactly("short text");
        assertThat(Embedder.chunks("x".repeat(2_500))).extracting(String::length).containsExactly(1_000, 1_000, 500);
    }

    @Test
    void embed_ofAMiBText_isTheEmbeddingOfItsBoundedPrefix_andSearchWithItStillFindsTheFact() {
        long cat = memories.add("I have a cat named Miso", "cli").id();
        memories.add("The VPS runs Debian 12 with 2 GB of RAM", "cli");
        String head = "Tell me again about my cat Miso, the pet animal that lives with me. ";
        String huge = head + "filler words about nothing in particular ".repeat(26_000);  // about 1 MiB

        float[] whole = embedder.embed(huge);
        float[] prefix = embedder.embed(huge.substring(0, Embedder.MAX_INPUT_CHARS));

        assertThat(whole).containsExactly(prefix);
        List<MemoryHit> hits = memories.search(huge, 8);
        assertThat(hits).isNotEmpty();
        assertThat(hits.get(0).memory().id()).isEqualTo(cat);
    }
}
