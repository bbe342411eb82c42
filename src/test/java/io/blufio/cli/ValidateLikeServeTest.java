package io.blufio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config validate} applies serve's rules (issue 10 item 4): whatever makes {@code serve} exit 78
 * makes {@code validate} exit 78 with the same message; misspelled variables warn; a huge file is refused.
 */
final class ValidateLikeServeTest {
    @TempDir Path tmp;

    record Run(int code, String out, String err) {}

    private Map<String, String> env(String... extra) {
        Map<String, String> env = new HashMap<>(Map.of("HOME", tmp.toString(), "BLUFIO_DATA_DIR", tmp.resolve("data").toString(),
                "BLUFIO_GATEWAY__PORT", "0"));
        for (int i = 0; i < extra.length; i += 2) env.put(extra[i], extra[i + 1]);
        return env;
    }

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs validate and serve with the same setting; both must exit 78 printing {@code expected}. */
    private void bothRefuse(Map<String, String> env, String expected, String... global) {
        String[] validate = concat(global, "config", "validate");
        String[] serve = concat(global, "serve");
        Run v = run(env, validate);
        Run s = run(env, serve);
        assertThat(v.code()).as(v.err()).isEqualTo(78);
        assertThat(s.code()).as(s.err()).isEqualTo(78);
        assertThat(v.err()).contains(expected);
        assertThat(s.err()).contains(expected);
        String line = v.err().lines().filter(l -> l.contains(expected)).findFirst().orElseThrow();
        assertThat(s.err()).as("serve's message is validate's").contains(line.strip());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void nonLoopbackHost_withoutAllowRemote_isRefusedByBoth_namingTheVariable() {
        bothRefuse(env("BLUFIO_GATEWAY__HOST", "0.0.0.0"), "BLUFIO_GATEWAY__HOST: `gateway.host` is 0.0.0.0, which is not a loopback address");
        assertThat(run(env("BLUFIO_GATEWAY__HOST", "0.0.0.0", "BLUFIO_GATEWAY__ALLOW_REMOTE", "true"), "config", "validate").code()).isZero();
    }

    @Test
    void baseUrlNotAnAbsoluteHttpUrl_isRefusedByBoth() {
        bothRefuse(env("BLUFIO_LLM__ANTHROPIC__BASE_URL", "localhost:8080"),
                "`llm.anthropic.base_url` must be an absolute http(s) URL such as https://host[:port][/path], got \"localhost:8080\"");
        bothRefuse(env("BLUFIO_TELEGRAM__API_BASE_URL", "api.telegram.org"), "`telegram.api_base_url` must be an absolute http(s) URL");
    }

    @Test
    void unpricedModel_andABrokenPricingFile_areRefusedByBoth() throws Exception {
        bothRefuse(env("BLUFIO_LLM__ANTHROPIC__MODEL", "claude-imaginary-9"), "model \"claude-imaginary-9\" has no price");
        Path pricing = Files.writeString(tmp.resolve("prices.toml"), "[models.\"x\"]\ninput = 1\n");
        bothRefuse(env("BLUFIO_COST__PRICING_FILE", pricing.toString()), "BLUFIO_COST__PRICING_FILE: " + pricing);
    }

    @Test
    void unreadableSystemPromptFile_isRefusedByBoth_atItsLineInTheFile() throws Exception {
        Path toml = Files.writeString(tmp.resolve("blufio.toml"), "[agent]\nsystem_prompt_file = \"" + tmp.resolve("missing.txt") + "\"\n");
        bothRefuse(env(), toml + ":2:1: `agent.system_prompt_file` " + tmp.resolve("missing.txt") + " cannot be read (no such file)",
                "--config", toml.toString());
        Files.write(tmp.resolve("big.txt"), new byte[(1 << 20) + 1]);
        bothRefuse(env("BLUFIO_AGENT__SYSTEM_PROMPT_FILE", tmp.resolve("big.txt").toString()), "over the 1 MiB limit");
    }

    @Test
    void configFileOver1MiB_orEndless_isRefusedWithAClearError() throws Exception {
        Path huge = tmp.resolve("huge.toml");
        Files.writeString(huge, "# " + "x".repeat(1 << 20) + "\n");
        bothRefuse(env(), huge + ": the config file is over the 1 MiB limit (" + Files.size(huge) + " bytes)", "--config", huge.toString());
        Path exactly = tmp.resolve("exactly.toml");
        Files.writeString(exactly, "#" + "x".repeat((1 << 20) - 2) + "\n");
        assertThat(Files.size(exactly)).isEqualTo(1 << 20);
        assertThat(run(env(), "--config", exactly.toString(), "config", "validate").code()).isZero();
        Run zero = run(env(), "--config", "/dev/zero", "config", "validate");
        assertThat(zero.code()).isEqualTo(78);
        assertThat(zero.err()).contains("more than 1048576 bytes, and not a regular file");
    }

    @Test
    void envNearMisses_warnWithTheRightSpelling_andAreNotApplied() {
        Run r = run(env("BLUFIO_GATEWAY_PORT", "3001", "blufio_llm__provider", "openai", "BLUFIO_agent__name", "x",
                "anthropic_api_key", "sk-x", "BLUFIO_VAULT_KY", "p", "BLUFIO_SOMETHING_ELSE_ENTIRELY", "1"), "config", "validate");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("warning: environment variable BLUFIO_GATEWAY_PORT looks like a blufio setting but is ignored: did you mean BLUFIO_GATEWAY__PORT?")
                .contains("blufio_llm__provider looks like a blufio setting but is ignored: did you mean BLUFIO_LLM__PROVIDER?")
                .contains("BLUFIO_agent__name looks like a blufio setting but is ignored: did you mean BLUFIO_AGENT__NAME?")
                .contains("anthropic_api_key looks like a blufio setting but is ignored: did you mean ANTHROPIC_API_KEY?")
                .contains("BLUFIO_VAULT_KY looks like a blufio setting but is ignored: did you mean BLUFIO_VAULT_KEY?")
                .doesNotContain("BLUFIO_SOMETHING_ELSE_ENTIRELY");
        Run get = run(env("BLUFIO_agent__name", "x"), "config", "get", "agent.name");
        assertThat(get.out().strip()).isEqualTo("blufio");
    }
}
