package io.blufio.config;

import static io.blufio.config.ConfigFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the file, defaults, data dir and syntax errors. */
final class ConfigLoaderTest {
    @TempDir Path tmp;
    ConfigFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ConfigFixture(tmp);
    }

    @Test
    void validate_noFileAnywhere_givesDefaults() {
        ConfigLoader.Validation v = fx.validate();

        assertThat(v.problems()).isEmpty();
        assertThat(v.file()).isEmpty();
        LoadedConfig loaded = v.loaded().orElseThrow();
        assertThat(loaded.config()).isEqualTo(BlufioConfig.defaults());
        assertThat(loaded.config().gateway().port()).isEqualTo(3000);
        assertThat(loaded.config().tools().enabled()).extracting(ToolGroup::wireName)
                .containsExactly("clock", "http_fetch", "workspace", "memory", "schedules");
        assertThat(loaded.dataDir()).isEqualTo(fx.home.resolve(".local/share/blufio"));
    }

    @Test
    void load_publicApi_usesFlagsAndEnvMap() {
        LoadedConfig loaded = ConfigLoader.load(Optional.of(write0("[gateway]\nport = 0\n")), Optional.of(tmp),
                Map.of("HOME", fx.home.toString()));
        assertThat(loaded.config().gateway().port()).isZero();
        assertThat(loaded.dataDir()).isEqualTo(tmp);
    }

    @Test
    void validate_fileValues_areBound() throws Exception {
        fx.writeConfig("""
                # comment
                [agent]
                name = "jarvis"
                [llm]
                provider = "openai"
                anthropic = { model = "claude-x", max_tokens = 100 }
                [llm.openai]
                base_url = "http://127.0.0.1:11434/v1"
                [telegram]
                allowed_users = [12345, "@bob"]
                [cost]
                daily_budget_usd = 5
                [daemon]
                notify = "off"
                """);
        BlufioConfig c = fx.load().config();

        assertThat(c.agent().name()).isEqualTo("jarvis");
        assertThat(c.llm().provider()).isEqualTo(LlmProvider.OPENAI);
        assertThat(c.llm().anthropic().model()).isEqualTo("claude-x");
        assertThat(c.llm().anthropic().maxTokens()).isEqualTo(100);
        assertThat(c.llm().openai().baseUrl()).isEqualTo("http://127.0.0.1:11434/v1");
        assertThat(c.telegram().allowedUsers()).containsExactly("12345", "@bob");
        assertThat(c.cost().dailyBudgetUsd()).isEqualTo(5.0);
        assertThat(c.gateway().port()).isEqualTo(3000);
        assertThat(c.daemon().notifyMode()).isEqualTo(NotifyMode.OFF);
    }

    @Test
    void validate_searchOrder_cwdThenXdgConfigThenEtc() throws Exception {
        Path etcFile = write(fx.etc.resolve("blufio.toml"), "");
        assertThat(fx.validate().file()).contains(etcFile);

        Path homeConfig = write(fx.home.resolve(".config/blufio/blufio.toml"), "");
        assertThat(fx.validate().file()).contains(homeConfig);

        Path xdg = tmp.resolve("xdg");
        Path xdgFile = write(xdg.resolve("blufio/blufio.toml"), "");
        fx.env("XDG_CONFIG_HOME", xdg.toString());
        assertThat(fx.validate().file()).contains(xdgFile);

        Path cwdFile = fx.writeConfig("");
        assertThat(fx.validate().file()).contains(cwdFile);
        assertThat(fx.validate().problems()).as("an empty file is valid").isEmpty();
    }

    @Test
    void validate_flagBeatsBlufioConfigBeatsSearch() throws Exception {
        fx.writeConfig("");
        Path fromEnv = write(tmp.resolve("env.toml"), "");
        Path fromFlag = write(tmp.resolve("flag.toml"), "");
        fx.env("BLUFIO_CONFIG", fromEnv.toString());

        assertThat(fx.validate().file()).contains(fromEnv);
        assertThat(fx.validate(Optional.of(fromFlag), Optional.empty()).file()).contains(fromFlag);
    }

    @Test
    void validate_relativeFlag_resolvesAgainstCurrentDir() throws Exception {
        Path file = write(fx.cwd.resolve("conf/b.toml"), "");
        assertThat(fx.validate(Optional.of(Path.of("conf/b.toml")), Optional.empty()).file()).contains(file);
    }

    @Test
    void validate_missingFlagOrEnvFile_isProblemNamingPath() {
        Path missing = tmp.resolve("nope.toml");
        ConfigLoader.Validation v = fx.validate(Optional.of(missing), Optional.empty());
        assertThat(v.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("--config");
            assertThat(p.render()).contains(missing.toString(), "does not exist");
        });

        fx.env("BLUFIO_CONFIG", missing.toString());
        assertThat(fx.validate().problems()).singleElement()
                .satisfies(p -> assertThat(p.render()).contains("BLUFIO_CONFIG", missing.toString()));
    }

    @Test
    void load_problems_throwConfigExceptionWithCodeAndAllProblems() {
        Path file = write0("[gateway]\nprot = 1\nport = \"x\"\n");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Optional.empty(), fx.env))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.code()).isEqualTo("config_invalid");
                    assertThat(e.problems()).hasSize(2);
                    assertThat(e.getMessage()).contains(file + ":2:1: ", file + ":3:1: ");
                });
    }

    @Test
    void dataDir_resolutionOrder_flagEnvStorageXdgHome() throws Exception {
        assertThat(fx.load().dataDir()).isEqualTo(fx.home.resolve(".local/share/blufio"));

        fx.env("XDG_DATA_HOME", tmp.resolve("xdgdata").toString());
        assertThat(fx.load().dataDir()).isEqualTo(tmp.resolve("xdgdata/blufio"));

        fx.writeConfig("[storage]\ndata_dir = \"~/blufio-data\"\n");
        assertThat(fx.load().dataDir()).isEqualTo(fx.home.resolve("blufio-data"));

        fx.env("BLUFIO_STORAGE__DATA_DIR", "rel/../data");
        assertThat(fx.load().dataDir()).isEqualTo(fx.cwd.resolve("data"));

        fx.env("BLUFIO_DATA_DIR", tmp.resolve("envdata").toString());
        assertThat(fx.load().dataDir()).isEqualTo(tmp.resolve("envdata"));

        ConfigLoader.Validation v = fx.validate(Optional.empty(), Optional.of(Path.of("flagdata")));
        assertThat(v.loaded().orElseThrow().dataDir()).isEqualTo(fx.cwd.resolve("flagdata"));
    }

    @Test
    void validate_tildeInWorkspaceDir_expandsToHome() throws Exception {
        fx.writeConfig("[tools]\nworkspace_dir = \"~/ws\"\n");
        assertThat(fx.load().config().tools().workspaceDir()).isEqualTo(fx.home.resolve("ws").toString());
    }

    @Test
    void validate_tomlSyntaxError_givesFileLineAndParserMessage() throws Exception {
        Path file = fx.writeConfig("[gateway]\nport = 3000\nhost = = \"x\"\n");
        ConfigLoader.Validation v = fx.validate();

        assertThat(v.loaded()).isEmpty();
        assertThat(v.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(file.toString());
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isPositive();
            assertThat(p.message()).startsWith("TOML syntax error: ").hasSizeGreaterThan(40);
        });
    }

    @Test
    void validate_syntaxErrorOnSecretLine_hidesParserWords() throws Exception {
        fx.writeConfig("[llm.anthropic]\napi_key = sk-ant-supersecret\n");
        assertThat(fx.validate().problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.render()).doesNotContain("supersecret").contains("hidden");
        });
    }

    @Test
    void knownKeys_listsEveryLeafInSnakeCase() {
        List<String> keys = ConfigLoader.knownKeys();
        assertThat(keys).contains("gateway.port", "llm.anthropic.api_key", "llm.openai.max_tokens",
                "llm.request_timeout_s", "telegram.allowed_users", "vault.kdf_memory_kib", "metrics.enabled",
                "storage.data_dir", "tools.http_allow_private", "cost.daily_budget_usd", "daemon.notify", "inbox.max_attempts");
        assertThat(keys).doesNotContain("llm.anthropic", "gateway").doesNotHaveDuplicates();
        assertThat(keys).allMatch(k -> k.matches("[a-z_]+(\\.[a-z_]+)+"));
    }

    private Path write0(String text) {
        try {
            return write(tmp.resolve("x.toml"), text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code status} and {@code api} find the daemon's data dir without binding: the same dir as a full load. */
    @Test
    void dataDirOnly_agreesWithLoad() throws Exception {
        assertThat(fx.dataDirOnly(Optional.empty(), Optional.empty())).contains(fx.load().dataDir());  // the XDG default
        fx.writeConfig("[storage]\ndata_dir = \"~/agent\"\n[gateway]\nport = 0\n");
        assertThat(fx.dataDirOnly(Optional.empty(), Optional.empty())).contains(fx.home.resolve("agent")).contains(fx.load().dataDir());
        fx.env("BLUFIO_STORAGE__DATA_DIR", tmp.resolve("from-env").toString());
        assertThat(fx.dataDirOnly(Optional.empty(), Optional.empty())).contains(tmp.resolve("from-env")).contains(fx.load().dataDir());
        fx.env("BLUFIO_DATA_DIR", tmp.resolve("reserved").toString());
        assertThat(fx.dataDirOnly(Optional.empty(), Optional.empty())).contains(tmp.resolve("reserved")).contains(fx.load().dataDir());
        assertThat(fx.dataDirOnly(Optional.empty(), Optional.of(tmp.resolve("flag")))).contains(tmp.resolve("flag"));
    }

    /** A value elsewhere in the file that a full load refuses does not hide where the daemon is. */
    @Test
    void dataDirOnly_ignoresProblemsElsewhere() throws Exception {
        fx.writeConfig("[storage]\ndata_dir = \"/srv/blufio\"\n[gateway]\nport = 99999\nnosuchkey = 1\n");
        assertThat(fx.validate().valid()).isFalse();
        assertThat(fx.dataDirOnly(Optional.empty(), Optional.empty())).contains(Path.of("/srv/blufio"));
    }

    /** When the data dir cannot be told without the whole load, empty: the caller loads and reports what is wrong. */
    @Test
    void dataDirOnly_emptyWhenItCannotTell() throws Exception {
        fx.writeConfig("[storage\ndata_dir = \"/srv/blufio\"\n");  // not TOML
        assertThat(fx.dataDirOnly(Optional.empty(), Optional.empty())).isEmpty();
        fx.writeConfig("[storage]\ndata_dir = 5\n");  // not a string
        assertThat(fx.dataDirOnly(Optional.empty(), Optional.empty())).isEmpty();
        fx.writeConfig("");
        fx.env("BLUFIO_GATEWAY__PORT", "many");  // a wrong variable: load says which
        assertThat(fx.dataDirOnly(Optional.empty(), Optional.empty())).isEmpty();
        assertThat(fx.dataDirOnly(Optional.of(tmp.resolve("missing.toml")), Optional.empty())).isEmpty();
        assertThat(fx.dataDirOnly(Optional.of(tmp.resolve("missing.toml")), Optional.of(tmp.resolve("flag")))).isEmpty();
    }
}
