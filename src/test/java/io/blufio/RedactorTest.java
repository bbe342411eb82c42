package io.blufio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The one redaction layer: registered secrets, Telegram URLs, auth headers, sk- keys, inside stack traces too. */
final class RedactorTest {
    private static final String TOKEN = "7312345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ";

    @Test
    void redact_masksRegisteredSecret_everywhereAndUrlEncoded() {
        String secret = "vault-value-" + System.nanoTime() + "/x+y";
        Redactor.register(secret);
        String out = Redactor.redact("a " + secret + " b " + java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8));
        assertThat(out).doesNotContain(secret).doesNotContain("x%2By").contains("****");
        assertThat(Redactor.leaks(out)).isFalse();
    }

    @Test
    void register_ignoresValuesShorterThanMinimum() {
        Redactor.register("short");
        assertThat(Redactor.redact("a short word")).isEqualTo("a short word");
    }

    @Test
    void redact_masksTelegramBotUrlSegment_andBareToken() {
        assertThat(Redactor.redact("GET https://api.telegram.org/bot" + TOKEN + "/getUpdates?offset=3"))
                .isEqualTo("GET https://api.telegram.org/bot****/getUpdates?offset=3");
        assertThat(Redactor.redact("token " + TOKEN + " refused")).isEqualTo("token **** refused");
        assertThat(Redactor.redact("/bottle/shelf")).isEqualTo("/bottle/shelf");
    }

    @Test
    void redact_masksHeaderValues_inTextMapAndJsonForms() {
        assertThat(Redactor.redact("Authorization: Bearer abc.def.ghi")).isEqualTo("Authorization: Bearer ****");
        assertThat(Redactor.redact("{x-api-key=[k-123456], accept=[json]}")).isEqualTo("{x-api-key=[****], accept=[json]}");
        assertThat(Redactor.redact("{\"X-Api-Key\": \"k-123456\", \"a\": 1}")).isEqualTo("{\"X-Api-Key\": \"****\", \"a\": 1}");
        assertThat(Redactor.redact("proxy-authorization=Basic dXNlcjpwYXNz")).isEqualTo("proxy-authorization=Basic ****");
        assertThat(Redactor.redact("invalid x-api-key")).isEqualTo("invalid x-api-key");
    }

    @Test
    void redact_masksSkShapedKeys_butNotShortWords() {
        assertThat(Redactor.redact("key sk-ant-api03-AbCdEfGhIjKlMnOp_qr-stuv!")).isEqualTo("key sk-****!");
        assertThat(Redactor.redact("sk-proj-1234567890abcdefXYZ")).isEqualTo("sk-****");
        assertThat(Redactor.redact("task-list and sk-short")).isEqualTo("task-list and sk-short");
    }

    @Test
    void redact_masksSecretsInsideStackTraces() {
        String secret = "trace-secret-" + System.nanoTime();
        Redactor.register(secret);
        Exception e = new IllegalStateException("call with x-api-key: " + secret,
                new RuntimeException("https://api.telegram.org/bot" + TOKEN + "/sendMessage failed"));
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String out = Redactor.redact(trace.toString());
        assertThat(out).doesNotContain(secret).doesNotContain(TOKEN).contains("IllegalStateException").contains("/bot****/");
    }

    @Test
    void mask_showsLastFourOnlyOfLongSecrets() {
        assertThat(Redactor.mask("sk-ant-api03-xxxxxxxxabcd")).isEqualTo("****abcd");
        assertThat(Redactor.mask("shortish1")).isEqualTo("****");
        assertThat(Redactor.mask(null)).isEqualTo("****");
    }

    @Test
    void blufioException_messageIsRedactedWhenMade() {
        var e = new BlufioException("llm_error", "Anthropic said: bad key sk-ant-api03-LEAKLEAKLEAKLEAK1234");
        assertThat(e.getMessage()).isEqualTo("Anthropic said: bad key sk-****");
    }
}
