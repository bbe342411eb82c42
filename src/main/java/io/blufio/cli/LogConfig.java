package io.blufio.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;

/**
 * blufio's Logback set-up, in code (found by Logback through {@code META-INF/services}): one appender
 * {@code STDERR} writing {@value #PATTERN} through a {@link RedactingEncoder}, root level WARN (commands
 * other than {@code serve} log only warnings; {@link Logging} sets the level of {@code serve}). Done in code
 * rather than in a {@code logback.xml} because parsing XML loads Logback's Joran machinery and the JDK's XML
 * parser, about 400 classes and 2-3 MB of metaspace in every command. An operator's own file still wins:
 * with {@code -Dlogback.configurationFile=...} (in {@code JAVA_OPTS}) this steps aside.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogConfig extends ContextAwareBase implements Configurator {
    /** The line format: UTC timestamp, level, thread, abbreviated logger, message. */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{20} - %msg%n";

    /** Logback calls it through the service loader. */
    public LogConfig() {}

    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        if (System.getProperty("logback.configurationFile") != null) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        ctx.getStatusManager().add(new NopStatusListener());
        PatternLayoutEncoder pattern = new PatternLayoutEncoder();
        pattern.setContext(ctx);
        pattern.setPattern(PATTERN);
        RedactingEncoder redacting = new RedactingEncoder();
        redacting.setContext(ctx);
        redacting.setDelegate(pattern);
        redacting.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(ctx);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(redacting);
        stderr.start();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        ctx.getLogger("dev.langchain4j").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
