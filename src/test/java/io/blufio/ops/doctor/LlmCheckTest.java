package io.blufio.ops.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.config.LlmProvider;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fixes the LLM check prints: they follow what failed, not always the key. */
final class LlmCheckTest {
    @Test
    void daemonFix_followsTheErrorCode() {
        assertThat(LlmCheck.daemonFix("llm_auth: Anthropic refused the API key (HTTP 401)")).contains("check the key");
        assertThat(LlmCheck.daemonFix("llm_unreachable: cannot reach Anthropic at api.anthropic.com (connection refused)"))
                .contains("network").doesNotContain("key");
        assertThat(LlmCheck.daemonFix("llm_timeout: the call outlived 120 s")).contains("network");
        assertThat(LlmCheck.daemonFix("llm_overloaded: try later")).contains("daemon log").doesNotContain("key");
        assertThat(LlmCheck.daemonFix("no code at all")).contains("daemon log");
    }

    @Test
    void keyFix_unsetKey_namesTheShorthandAndTheVaultEntry() {
        assertThat(LlmCheck.keyFix(Optional.empty(), LlmProvider.ANTHROPIC, Optional.empty()))
                .contains("ANTHROPIC_API_KEY=...").contains("blufio config set-secret anthropic.api_key");
        assertThat(LlmCheck.keyFix(Optional.empty(), LlmProvider.OPENAI, Optional.empty()))
                .contains("OPENAI_API_KEY=...").contains("blufio config set-secret openai.api_key");
    }
}
