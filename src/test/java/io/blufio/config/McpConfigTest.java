package io.blufio.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [[mcp.servers]]}: arrays of tables with string maps, their checks, and what the environment may not set. */
final class McpConfigTest {
    @TempDir Path tmp;
    private ConfigFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ConfigFixture(tmp);
    }

    private ConfigLoader.Validation load(String toml) throws Exception {
        fx.writeConfig(toml);
        return fx.validate();
    }

    @Test
    void servers_bindWithDefaults() throws Exception {
        var v = load("""
                [[mcp.servers]]
                name = "github"
                command = "npx"
                args = ["-y", "@modelcontextprotocol/server-github"]
                env = { GITHUB_TOKEN = "${vault:custom.github}" }
                enabled_tools = ["get_issue"]

                [[mcp.servers]]
                name = "web"
                url = "https://mcp.example.com/mcp"
                headers = { Authorization = "Bearer ${vault:custom.web}" }
                timeout_s = 10
                max_output_bytes = 4096
                """);
        assertThat(v.problems()).isEmpty();
        List<McpServerConfig> s = v.loaded().orElseThrow().config().mcp().servers();
        assertThat(s).hasSize(2);
        assertThat(s.get(0).stdio()).isTrue();
        assertThat(s.get(0).args()).containsExactly("-y", "@modelcontextprotocol/server-github");
        assertThat(s.get(0).env()).containsEntry("GITHUB_TOKEN", "${vault:custom.github}");
        assertThat(s.get(0).timeoutS()).isEqualTo(30);
        assertThat(s.get(0).maxOutputBytes()).isEqualTo(65536);
        assertThat(s.get(1).stdio()).isFalse();
        assertThat(s.get(1).timeoutS()).isEqualTo(10);
        assertThat(s.get(1).toString()).doesNotContain("Bearer");
        assertThat(v.loaded().get().config().mcp().vaultRefs()).containsExactly("custom.github", "custom.web");
        McpConfig resolved = v.loaded().get().config().mcp().withSecrets(Map.of("custom.github", "ghp_x"));
        assertThat(resolved.servers().get(0).env()).containsEntry("GITHUB_TOKEN", "ghp_x");
        assertThat(resolved.servers().get(1).headers()).containsEntry("Authorization", "Bearer ${vault:custom.web}");
    }

    @Test
    void unknownKey_inAServerTable_isLocatedWithADidYouMean() throws Exception {
        var v = load("""
                [[mcp.servers]]
                name = "x"
                comand = "npx"
                """);
        assertThat(v.problems()).extracting(ConfigProblem::render).anySatisfy(r -> assertThat(r)
                .contains("unknown key `mcp.servers.comand`", "did you mean", "command", "name \"x\""));
    }

    @Test
    void badServers_areRefusedNamingTheKey() throws Exception {
        assertThat(load("[[mcp.servers]]\nname = \"x\"\ncommand = \"a\"\nurl = \"http://h/mcp\"\n").problems())
                .extracting(ConfigProblem::render).anySatisfy(r -> assertThat(r).contains("exactly one of command", "url"));
        assertThat(load("[[mcp.servers]]\nname = \"Bad Name\"\ncommand = \"a\"\n").problems())
                .extracting(ConfigProblem::render).anySatisfy(r -> assertThat(r).contains("mcp.servers.name", "lower-case"));
        assertThat(load("[[mcp.servers]]\nname = \"a\"\ncommand = \"a\"\n[[mcp.servers]]\nname = \"a\"\ncommand = \"b\"\n").problems())
                .extracting(ConfigProblem::render).anySatisfy(r -> assertThat(r).contains("names two servers \"a\""));
        assertThat(load("[[mcp.servers]]\nname = \"a\"\ncommand = \"a\"\ntimeout_s = 0\n").problems())
                .extracting(ConfigProblem::render).anySatisfy(r -> assertThat(r).contains("mcp.servers.timeout_s", "between 1 and 3600"));
        assertThat(load("[[mcp.servers]]\nname = \"a\"\ncommand = \"a\"\nenv = { A = 1 }\n").problems())
                .extracting(ConfigProblem::render).anySatisfy(r -> assertThat(r).contains("mcp.servers.env", "a table of strings"));
        assertThat(load("[mcp]\nservers = \"x\"\n").problems())
                .extracting(ConfigProblem::render).anySatisfy(r -> assertThat(r).contains("must be an array of tables"));
    }

    @Test
    void environment_cannotSetTheServers() throws Exception {
        fx.env("BLUFIO_MCP__SERVERS", "x");
        var v = load("");
        assertThat(v.problems()).extracting(ConfigProblem::render).anySatisfy(r -> assertThat(r)
                .contains("BLUFIO_MCP__SERVERS", "[[mcp.servers]] sections in the config file"));
    }
}
