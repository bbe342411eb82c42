package io.blufio.memory;
import io.blufio.config.MemoryConfig;
import io.blufio.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
final class Dbg16Test {
    @TempDir Path tmp;
    @Test void dbg() {
        var emb = new OnnxEmbedder(tmp.resolve("m"), Duration.ofSeconds(600), System::nanoTime);
        var db = Database.open(tmp.resolve("b.db"));
        var m = new Memories(db, emb, new MemoryConfig(null, null, null, 0.0, null, null, null, null), Clock.systemUTC());
        m.add("The user lives in Berlin, in the Kreuzberg district.", "cli");
        m.add("The user's pet peeve is people who chew loudly.", "cli");
        m.add("The user lives next to a noisy animal shelter.", "cli");
        m.add("The user's cat is named Pixel", "cli");
        m.add("The user works as a backend engineer at a logistics company.", "cli");
        m.add("Backup password hint: NEAR the old OR new garden shed", "cli");
        for (String q : new String[]{"which pet animal lives with me", "\"unbalanced ( NEAR/3 OR AND NOT * - : ^ + {col}: shed\" ) 'x' \\ ; -- DROP TABLE memories; garden*"}) {
            System.out.println("Q " + q);
            for (var h : m.search(q, 8)) System.out.printf("DBG %.4f sim=%.4f kw=%s %s%n", h.score(), h.similarity(), h.keywordMatch(), h.memory().text());
        }
        db.close(); emb.close();
    }
}
