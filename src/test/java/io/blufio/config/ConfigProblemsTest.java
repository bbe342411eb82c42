package io.blufio.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unknown keys, wrong types and range errors in the file, each with file:line:column. */
final class ConfigProblemsTest {
    @TempDir Path tmp;
    ConfigFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ConfigFixture(tmp);
    }

    private List<ConfigProblem> problems(String toml) throws Exception {
        fx.writeConfig(toml);
        ConfigLoader.Validation v = fx.validate();
        assertThat(v.loaded()).as("no config when there are problems").isEmpty();
        return v.problems();
    }

    @Test
    void unknownKey_prot_givesLineColumnAndSuggestsPort() throws Exception {
        Path file = fx.cwd.resolve("blufio.toml");
        assertThat(problems("[gateway]\nprot = 3000\n")).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(file.toString());
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo(1);
            assertThat(p.key()).isEqualTo("gateway.prot");
            assertThat(p.message()).contains("did you mean", "`port`");
            assertThat(p.render()).startsWith(file + ":2:1: ");
        });
    }

    @Test
    void unknownKey_indentedOrQuotedOrDotted_isLocated() throws Exception {
        List<ConfigProblem> ps = problems("[gateway]\n  \"hots\" = \"x\"\n[llm]\nanthropic.modle = \"m\"\n");
        assertThat(ps).extracting(ConfigProblem::key, ConfigProblem::line, ConfigProblem::column)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gateway.hots", 2, 3),
                        org.assertj.core.groups.Tuple.tuple("llm.anthropic.modle", 4, 1));
        assertThat(ps.get(0).message()).contains("`host`");
        assertThat(ps.get(1).message()).contains("`model`");
    }

    @Test
    void unknownSection_suggestsNearestSection() throws Exception {
        assertThat(problems("[agent]\nname = \"a\"\n\n[gatewy]\nport = 1\n")).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.column()).isEqualTo(1);
            assertThat(p.key()).isEqualTo("gatewy");
            assertThat(p.message()).contains("unknown section [gatewy]", "did you mean [gateway]?");
        });
    }

    @Test
    void unknownNestedSection_suggestsSibling() throws Exception {
        assertThat(problems("[llm.antropic]\nmodel = \"m\"\n")).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("llm.antropic");
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.message()).contains("did you mean `anthropic`?");
        });
    }

    @Test
    void wrongTypes_nameExpectedTypeAndValueSeen() throws Exception {
        List<ConfigProblem> ps = problems("""
                [gateway]
                port = "abc"
                enabled = 3
                [telegram]
                allowed_users = 5
                """);
        assertThat(ps).extracting(ConfigProblem::line).containsExactly(2, 3, 5);
        assertThat(ps.get(0).message()).contains("`gateway.port`", "must be an integer", "string \"abc\"");
        assertThat(ps.get(1).message()).contains("`gateway.enabled`", "must be a boolean", "integer 3");
        assertThat(ps.get(2).message()).contains("`telegram.allowed_users`", "array of strings", "integer 5");
    }

    @Test
    void wrongType_inListElementOrTooBigInteger_isReported() throws Exception {
        List<ConfigProblem> ps = problems("[tools]\nenabled = [true]\nhttp_max_bytes = 99999999999\n");
        assertThat(ps).hasSize(2);
        assertThat(ps.get(0).message()).contains("array holding boolean true");
        assertThat(ps.get(1).message()).contains("between", "99999999999");
    }

    @Test
    void sectionGivenAsValue_isTypeError() throws Exception {
        assertThat(problems("gateway = 3\n")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("must be a table ([gateway])"));
    }

    @Test
    void rangeError_getsLineOfKey() throws Exception {
        assertThat(problems("[gateway]\nhost = \"127.0.0.1\"\nport = 70000\n")).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("gateway.port");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isEqualTo(1);
            assertThat(p.message()).contains("`gateway.port`", "65535", "70000").doesNotContain("(key ");
        });
    }

    @Test
    void rangeErrors_severalInOneSection_allReported() throws Exception {
        List<ConfigProblem> ps = problems(
                "[memory]\nmax_results = 500\nmin_similarity = 2.0\n[agent]\nlog_level = \"loud\"\n");
        assertThat(ps).extracting(ConfigProblem::key)
                .containsExactly("memory.max_results", "memory.min_similarity", "agent.log_level");
    }

    @Test
    void crossKeyCheck_withKeyAbsent_pointsAtSectionHeader() throws Exception {
        assertThat(problems("\n[daemon]\nmemory_warn_mb = 300\n")).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("daemon.memory_limit_mb");
            assertThat(p.line()).isEqualTo(2);
        });
    }

    @Test
    void validate_twoUnknownKeysAndWrongType_reportsAllThreeInFileOrder() throws Exception {
        List<ConfigProblem> ps = problems("""
                [agent]
                nmae = "x"
                [gateway]
                port = "abc"
                [memory]
                max_resluts = 3
                """);
        assertThat(ps).extracting(ConfigProblem::key)
                .containsExactly("agent.nmae", "gateway.port", "memory.max_resluts");
        assertThat(ps).extracting(ConfigProblem::line).containsExactly(2, 4, 6);
        assertThat(ps.get(0).message()).contains("did you mean `name`?");
        assertThat(ps.get(2).message()).contains("did you mean `max_results`?");
    }

    @Test
    void unknownKey_farFromAll_listsValidKeysWithoutGuess() throws Exception {
        assertThat(problems("[gateway]\nzzzzzzzz = 1\n")).singleElement().satisfies(p -> assertThat(p.message())
                .doesNotContain("did you mean").contains("Valid keys in [gateway]: enabled, host, port, allow_remote"));
    }

    @Test
    void secretOfWrongType_valueNeverEchoed() throws Exception {
        List<ConfigProblem> ps = problems(
                "[llm.anthropic]\napi_key = 918273645\n[telegram]\nbot_token = [\"tok-5150\"]\n");
        assertThat(ps).hasSize(2);
        assertThat(ps).allSatisfy(p -> assertThat(p.render())
                .doesNotContain("918273645").doesNotContain("tok-5150").contains("hidden"));
    }

    @Test
    void secretInFile_neverInProblemsOrConfigToString() throws Exception {
        fx.writeConfig("[llm.anthropic]\napi_key = \"sk-ant-s3cr3t\"\n[telegram]\nbot_token = \"77:s3cr3t\"\n");
        LoadedConfig loaded = fx.load();
        assertThat(loaded.config().llm().anthropic().apiKey()).isEqualTo("sk-ant-s3cr3t");
        assertThat(loaded.toString()).doesNotContain("s3cr3t");

        fx.writeConfig("[llm.anthropic]\napi_key = \"sk-ant-s3cr3t\"\nmax_tokens = 0\n");
        assertThat(fx.validate().problems()).singleElement()
                .satisfies(p -> assertThat(p.render()).doesNotContain("s3cr3t"));
    }
}
