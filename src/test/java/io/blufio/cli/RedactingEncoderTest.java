package io.blufio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.blufio.Redactor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Real Logback output: the shipped LogConfig encoder, and appenders added later, both redact. */
final class RedactingEncoderTest {
    private static final String SECRET = "log-secret-" + System.nanoTime() + "-zz";
    private static final String TOKEN = "7312345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ";

    @Test
    void shippedConfig_everyAppenderAlreadyRedacts() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        var appender = ctx.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        assertThat(appender).isInstanceOf(OutputStreamAppender.class);
        assertThat(((OutputStreamAppender<ILoggingEvent>) appender).getEncoder()).isInstanceOf(RedactingEncoder.class);
        assertThat(((OutputStreamAppender<ILoggingEvent>) appender).getEncoder().isStarted()).isTrue();
    }

    @Test
    void addedAppender_isWrapped_andLinesMessagesAndStackTracesAreMasked() {
        Redactor.register(SECRET);
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PatternLayoutEncoder plain = new PatternLayoutEncoder();
        plain.setContext(ctx);
        plain.setPattern("%level %msg%n%ex");
        plain.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(ctx);
        appender.setName("capture");
        appender.setEncoder(plain);
        appender.setOutputStream(bytes);
        appender.start();
        Logger logger = ctx.getLogger("io.blufio.test.redaction");
        logger.addAppender(appender);
        try {
            assertThat(Logging.redactEverywhere(ctx)).isEqualTo(1);
            logger.warn("calling https://api.telegram.org/bot{}/getUpdates with x-api-key: {}", TOKEN, SECRET);
            logger.error("provider failed", new IllegalStateException("echoed " + SECRET,
                    new RuntimeException("Authorization: Bearer sk-proj-abcdefghijklmnop1234")));
        } finally {
            logger.detachAppender(appender);
            appender.stop();
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("/bot****/getUpdates").contains("IllegalStateException").contains("Caused by")
                .contains("Authorization: Bearer ****");
        assertThat(out).doesNotContain(SECRET).doesNotContain(TOKEN).doesNotContain("abcdefghijklmnop1234");
    }
}
