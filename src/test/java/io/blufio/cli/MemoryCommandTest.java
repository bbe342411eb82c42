package io.blufio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blufio memory add|search|list|forget} on a data dir without a daemon. */
final class MemoryCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;
    private final StringWriter err = new StringWriter();

    private String run(int expected, String... args) {
        StringWriter out = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = tmp.resolve("data").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        assertThat(Main.run(all, Map.of("HOME", tmp.toString()), new PrintWriter(out, true), new PrintWriter(err, true)))
                .as(err.toString()).isEqualTo(expected);
        return out.toString();
    }

    @Test
    void addThreeFacts_thenSearch_ranksTheCatFirst_andSyntaxCharactersWork() throws Exception {
        assertThat(run(0, "memory", "add", "The VPS runs Debian 12 with 2 GB of RAM")).isEqualTo("saved memory 1\n");
        assertThat(run(0, "memory", "add", "I have a cat named Miso")).isEqualTo("saved memory 2\n");
        run(0, "memory", "add", "My sister's birthday is on the third of May");

        JsonNode hits = JSON.readTree(run(0, "memory", "search", "--json", "which pet animal lives with me"));
        assertThat(hits.get(0).path("id").asLong()).isEqualTo(2);
        assertThat(hits.get(0).path("text").asText()).isEqualTo("I have a cat named Miso");
        assertThat(hits.get(0).path("score").asDouble()).isPositive();

        JsonNode weird = JSON.readTree(run(0, "memory", "search", "--json", "\"Debian OR (RAM* -x: ^NEAR\" AND"));
        assertThat(weird.get(0).path("id").asLong()).isEqualTo(1);

        assertThat(JSON.readTree(run(0, "memory", "list", "--json"))).hasSize(3);
        assertThat(run(0, "memory", "forget", "2")).isEqualTo("forgot memory 2\n");
        run(1, "memory", "forget", "2");
        assertThat(err.toString()).contains("no memory with id 2");
        assertThat(run(0, "memory", "list")).doesNotContain("Miso").contains("Debian");
    }
}
