package io.blufio.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keys whose value is one of a fixed set ({@link ConfigChoice}): read as the file spells them, refused with the
 * key, the value and the choices otherwise (the same text as when they were plain strings), printed as spelled.
 */
final class ConfigChoiceTest {
    @TempDir Path tmp;
    ConfigFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ConfigFixture(tmp);
    }

    @Test
    void validate_badChoices_keyValueAndChoices_atTheirLines() throws Exception {
        fx.writeConfig("""
                [llm]
                provider = "Anthropic"
                [daemon]
                notify = "no"
                [agent]
                log_level = "loud"
                log_format = "xml"
                [tools]
                enabled = ["clock", "shell"]
                """);
        List<ConfigProblem> ps = fx.validate().problems();

        assertThat(ps).extracting(ConfigProblem::render).containsExactlyInAnyOrder(
                fx.cwd.resolve("blufio.toml") + ":2:1: `llm.provider` must be one of anthropic, openai, got \"Anthropic\"; change the value",
                fx.cwd.resolve("blufio.toml") + ":4:1: `daemon.notify` must be one of auto, off, got \"no\"; change the value",
                fx.cwd.resolve("blufio.toml") + ":6:1: `agent.log_level` must be one of error, warn, info, debug, trace, got \"loud\"; change the value",
                fx.cwd.resolve("blufio.toml") + ":7:1: `agent.log_format` must be one of text, json, got \"xml\"; change the value",
                fx.cwd.resolve("blufio.toml") + ":9:1: `tools.enabled` must be one of clock, http_fetch, workspace, memory, schedules, got \"shell\"; change the value");
    }

    @Test
    void validate_badChoiceFromEnvironment_namesTheVariable() {
        fx.env("BLUFIO_LLM__PROVIDER", "OpenAI");
        assertThat(fx.validate().problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("llm.provider");
            assertThat(p.render()).contains("BLUFIO_LLM__PROVIDER", "`llm.provider` must be one of anthropic, openai, got \"OpenAI\"");
        });
    }

    @Test
    void validate_choiceOfWrongType_isATypeError() throws Exception {
        fx.writeConfig("[llm]\nprovider = 5\n[tools]\nenabled = \"clock\"\n");
        assertThat(fx.validate().problems()).extracting(ConfigProblem::key).containsExactly("llm.provider", "tools.enabled");
        assertThat(fx.validate().problems()).extracting(ConfigProblem::message)
                .allSatisfy(m -> assertThat(m).containsAnyOf("a string", "an array of strings"));
    }

    @Test
    void load_choices_boundAsSpelled_andPrintedAsSpelled() throws Exception {
        fx.writeConfig("""
                [llm]
                provider = "openai"
                [daemon]
                notify = "off"
                [agent]
                log_level = "debug"
                log_format = "json"
                [tools]
                enabled = ["http_fetch", "schedules"]
                """);
        BlufioConfig c = fx.load().config();

        assertThat(c.llm().provider()).isEqualTo(LlmProvider.OPENAI);
        assertThat(c.daemon().notifyMode()).isEqualTo(NotifyMode.OFF);
        assertThat(c.agent().logLevel()).isEqualTo(LogLevel.DEBUG);
        assertThat(c.agent().logFormat()).isEqualTo(LogFormat.JSON);
        assertThat(c.tools().enabled()).containsExactly(ToolGroup.HTTP_FETCH, ToolGroup.SCHEDULES);
        assertThat(ConfigKeys.value(c, "llm.provider")).hasToString("openai");
        assertThat(ConfigKeys.value(c, "daemon.notify")).hasToString("off");
        assertThat(RecordBinder.MAPPER.valueToTree(ConfigKeys.value(c, "tools.enabled")).toString()).isEqualTo("[\"http_fetch\",\"schedules\"]");
    }

    @Test
    void defaults_areTheFirstDocumentedChoices() {
        BlufioConfig d = BlufioConfig.defaults();
        assertThat(d.llm().provider()).isEqualTo(LlmProvider.ANTHROPIC);
        assertThat(d.daemon().notifyMode()).isEqualTo(NotifyMode.AUTO);
        assertThat(d.agent().logLevel()).isEqualTo(LogLevel.INFO);
        assertThat(d.agent().logFormat()).isEqualTo(LogFormat.TEXT);
        assertThat(d.tools().enabled()).containsExactly(ToolGroup.values());
    }
}
