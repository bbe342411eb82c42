package io.blufio.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code BLUFIO_<SECTION>__<KEY>} and the secret shorthands. */
final class EnvOverridesTest {
    @TempDir Path tmp;
    ConfigFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ConfigFixture(tmp);
    }

    @Test
    void override_intBoolListString_beatsFile() throws Exception {
        fx.writeConfig("[gateway]\nport = 4000\nenabled = true\n[telegram]\nallowed_users = [\"@file\"]\n");
        fx.env("BLUFIO_GATEWAY__PORT", "3001")
                .env("BLUFIO_GATEWAY__ENABLED", "FALSE")
                .env("BLUFIO_TELEGRAM__ALLOWED_USERS", "@ann, 42 ,")
                .env("BLUFIO_LLM__ANTHROPIC__BASE_URL", "http://127.0.0.1:9/")
                .env("BLUFIO_MEMORY__MIN_SIMILARITY", "0.5");
        BlufioConfig c = fx.load().config();

        assertThat(c.gateway().port()).isEqualTo(3001);
        assertThat(c.gateway().enabled()).isFalse();
        assertThat(c.telegram().allowedUsers()).containsExactly("@ann", "42");
        assertThat(c.llm().anthropic().baseUrl()).isEqualTo("http://127.0.0.1:9/");
        assertThat(c.memory().minSimilarity()).isEqualTo(0.5);
    }

    @Test
    void override_listAsTomlInlineArray() {
        fx.env("BLUFIO_TOOLS__ENABLED", "[\"clock\", \"memory\"]").env("BLUFIO_TOOLS__HTTP_ALLOW_PRIVATE", "");
        BlufioConfig c = fx.load().config();
        assertThat(c.tools().enabled()).containsExactly(ToolGroup.CLOCK, ToolGroup.MEMORY);
        assertThat(c.tools().httpAllowPrivate()).isEmpty();
    }

    @Test
    void unknownVariable_namesItAndSuggestsNearest() {
        fx.env("BLUFIO_GATEWAY__PROT", "3001");
        assertThat(fx.validate().problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("BLUFIO_GATEWAY__PROT");
            assertThat(p.line()).isZero();
            assertThat(p.message()).contains("BLUFIO_GATEWAY__PROT", "did you mean `BLUFIO_GATEWAY__PORT`?");
        });
    }

    @Test
    void unknownSectionVariable_isProblem() {
        fx.env("BLUFIO_GATEWY__PORT", "1").env("BLUFIO_LLM__ANTHROPIC", "x");
        assertThat(fx.validate().problems()).extracting(ConfigProblem::source)
                .containsExactly("BLUFIO_GATEWY__PORT", "BLUFIO_LLM__ANTHROPIC");
        assertThat(fx.validate().problems().get(0).message()).contains("BLUFIO_GATEWAY__PORT");
        assertThat(fx.validate().problems().get(1).message()).contains("names the section [llm.anthropic]");
    }

    @Test
    void reservedAndSingleUnderscoreNames_areAllowed() {
        fx.env("BLUFIO_CONFIG", "").env("BLUFIO_DATA_DIR", tmp.resolve("d").toString())
                .env("BLUFIO_VAULT_KEY", "k").env("BLUFIO_SOMETHING", "x").env("OTHER__THING", "y");
        ConfigLoader.Validation v = fx.validate();
        assertThat(v.problems()).isEmpty();
        assertThat(v.loaded().orElseThrow().dataDir()).isEqualTo(tmp.resolve("d"));
    }

    @Test
    void wrongTypeInEnv_namesVariableTypeAndValue() {
        fx.env("BLUFIO_GATEWAY__PORT", "abc").env("BLUFIO_METRICS__ENABLED", "yes")
                .env("BLUFIO_COST__DAILY_BUDGET_USD", "1d");
        assertThat(fx.validate().problems()).hasSize(3).allSatisfy(p -> assertThat(p.line()).isZero())
                .extracting(ConfigProblem::message).satisfiesExactly(
                        m -> assertThat(m).contains("BLUFIO_COST__DAILY_BUDGET_USD", "a number", "\"1d\""),
                        m -> assertThat(m).contains("BLUFIO_GATEWAY__PORT", "an integer", "\"abc\""),
                        m -> assertThat(m).contains("BLUFIO_METRICS__ENABLED", "boolean", "\"yes\""));
    }

    @Test
    void rangeErrorFromEnv_isPlacedOnVariable() throws Exception {
        fx.writeConfig("[gateway]\nport = 70000\n");
        fx.env("BLUFIO_GATEWAY__PORT", "70001");
        assertThat(fx.validate().problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("BLUFIO_GATEWAY__PORT");
            assertThat(p.message()).contains("70001");
        });
    }

    @Test
    void anthropicApiKey_mapsToSecretAndBeatsFile() throws Exception {
        fx.writeConfig("[llm.anthropic]\napi_key = \"from-file\"\n");
        fx.env("ANTHROPIC_API_KEY", "sk-env").env("OPENAI_API_KEY", "sk-oai").env("TELEGRAM_BOT_TOKEN", "1:tok");
        BlufioConfig c = fx.load().config();
        assertThat(c.llm().anthropic().apiKey()).isEqualTo("sk-env");
        assertThat(c.llm().openai().apiKey()).isEqualTo("sk-oai");
        assertThat(c.telegram().botToken()).isEqualTo("1:tok");
    }

    @Test
    void blufioFormOfSecret_beatsShorthand() {
        fx.env("ANTHROPIC_API_KEY", "short").env("BLUFIO_LLM__ANTHROPIC__API_KEY", "long");
        assertThat(fx.load().config().llm().anthropic().apiKey()).isEqualTo("long");
    }

    @Test
    void secretsFromEnv_neverInMessages() throws Exception {
        fx.writeConfig("[gateway]\nprot = 1\n");
        fx.env("ANTHROPIC_API_KEY", "sk-ant-zz9").env("BLUFIO_TELEGRAM__BOT_TOKEN", "55:zz9")
                .env("BLUFIO_LLM__OPENAI__API_KY", "sk-oai-zz9");
        ConfigLoader.Validation v = fx.validate();
        assertThat(v.problems()).hasSize(2);
        assertThat(new ConfigException(v.problems()).getMessage()).doesNotContain("zz9")
                .contains("BLUFIO_LLM__OPENAI__API_KEY");
    }

    @Test
    void variableFor_isUpperCaseWithDoubleUnderscores() {
        assertThat(EnvOverrides.variableFor("llm.anthropic.base_url")).isEqualTo("BLUFIO_LLM__ANTHROPIC__BASE_URL");
        assertThat(ConfigLoader.knownKeys()).map(EnvOverrides::variableFor).contains("BLUFIO_GATEWAY__PORT");
    }

    /**
     * Every {@code BLUFIO_} name of the launchers and contrib/ scripts is a setting ({@code __}), reserved, or one of
     * the launcher's shell-only variables (never exported, so the JVM never sees them). A launcher variable that
     * reached the JVM unreserved cost each CLI call a "did you mean" search over every key.
     */
    @Test
    void scriptVariables_areReserved() throws Exception {
        java.util.Set<String> shellOnly = java.util.Set.of("BLUFIO_FLAGS", "BLUFIO_CP", "BLUFIO_MALLOC_ENV");
        java.util.Set<String> seen = new java.util.TreeSet<>();
        java.util.List<Path> scripts = new java.util.ArrayList<>(java.util.List.of(Path.of("blufio"), Path.of("test")));
        for (String dir : new String[] {"src/dist", "contrib"}) {
            try (var files = java.nio.file.Files.list(Path.of(dir))) {
                files.filter(java.nio.file.Files::isRegularFile).forEach(scripts::add);
            }
        }
        var name = java.util.regex.Pattern.compile("BLUFIO_[A-Z0-9_]*[A-Z0-9]");
        for (Path p : scripts) {
            var m = name.matcher(java.nio.file.Files.readString(p));
            while (m.find()) if (!m.group().contains("__")) seen.add(m.group());
        }
        assertThat(seen).contains("BLUFIO_JAVA", "BLUFIO_CDS");
        assertThat(seen).allSatisfy(v -> assertThat(EnvOverrides.RESERVED.contains(v) || shellOnly.contains(v))
                .as("%s: add it to EnvOverrides.RESERVED (or to shellOnly here if it is never exported)", v).isTrue());
        assertThat(EnvOverrides.nearMisses(java.util.Map.of("BLUFIO_JAVA", "/usr/bin/java", "BLUFIO_JAVA_MAJOR", "25"))).isEmpty();
    }

    /** The reason after "did you mean" names what differs: a misspelt upper-case name is not a case problem. */
    @Test
    void nearMissReason_namesWhatDiffers() {
        assertThat(EnvOverrides.nearMisses(java.util.Map.of("BLUFIO_BACKUP_KEP", "3")))
                .containsExactly("environment variable BLUFIO_BACKUP_KEP looks like a blufio setting but is ignored: did you mean BLUFIO_BACKUP_KEEP?");
        assertThat(EnvOverrides.nearMisses(java.util.Map.of("blufio_data_dir", "/x")))
                .containsExactly("environment variable blufio_data_dir looks like a blufio setting but is ignored: did you mean BLUFIO_DATA_DIR? (names are upper case)");
        assertThat(EnvOverrides.nearMisses(java.util.Map.of("BLUFIO_GATEWAY_PORT", "1"))).singleElement().asString()
                .endsWith("did you mean BLUFIO_GATEWAY__PORT? (BLUFIO_ + section and key in upper case, joined by two underscores)");
    }
}
