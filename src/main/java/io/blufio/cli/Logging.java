package io.blufio.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import io.blufio.config.LogFormat;
import io.blufio.config.LogLevel;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * Sets log levels at run time ({@code serve} logs at {@code agent.log_level}, other commands only warnings)
 * and makes sure every appender writes through a {@link RedactingEncoder}, uncaught exceptions included.
 */
final class Logging {
    private Logging() {}

    /** Sets the root level ({@code agent.log_level} for {@code serve}) and checks the redaction. */
    static void level(LogLevel level) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(switch (level) {
            case ERROR -> Level.ERROR;
            case WARN -> Level.WARN;
            case INFO -> Level.INFO;
            case DEBUG -> Level.DEBUG;
            case TRACE -> Level.TRACE;
        });
        redactEverywhere(ctx);
        routeUncaught();
    }

    /**
     * Sets {@code agent.log_format}: {@code text} keeps the pattern of {@link LogConfig}; {@code json} makes
     * every redacted appender write one JSON object a line (Logback's {@code JsonEncoder}: timestamp, level,
     * threadName, loggerName, formattedMessage, throwable), still through the redaction layer.
     */
    static void format(LogFormat format) {
        if (format != LogFormat.JSON) return;
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        redactEverywhere(ctx);
        for (Logger logger : ctx.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out && out.getEncoder() instanceof RedactingEncoder r) {
                    ch.qos.logback.classic.encoder.JsonEncoder json = new ch.qos.logback.classic.encoder.JsonEncoder();
                    json.setContext(ctx);
                    json.setWithSequenceNumber(false);
                    json.setWithContext(false);
                    json.setWithMDC(false);
                    json.setWithArguments(false);  // the formatted message carries them
                    json.setWithMessage(false);
                    json.setWithFormattedMessage(true);
                    json.start();
                    r.stop();
                    r.setDelegate(json);
                    r.start();
                }
            }
        }
    }

    /**
     * Sends exceptions that escape a thread to the log (so through the redaction layer) instead of the JVM's
     * default handler, which prints the raw stack trace to stderr.
     */
    static void routeUncaught() {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) ->
                LoggerFactory.getLogger("io.blufio.uncaught").error("uncaught exception in thread {}", thread.getName(), e));
    }

    /**
     * Wraps the encoder of every output-stream appender of every logger in a {@link RedactingEncoder}, unless it
     * is one already; returns how many were wrapped (0 with the shipped {@link LogConfig}).
     */
    static int redactEverywhere(LoggerContext ctx) {
        int wrapped = 0;
        for (Logger logger : ctx.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out && !(out.getEncoder() instanceof RedactingEncoder)) {
                    RedactingEncoder redacting = new RedactingEncoder();
                    redacting.setContext(ctx);
                    redacting.setDelegate(out.getEncoder());
                    redacting.start();
                    out.setEncoder(redacting);
                    wrapped++;
                }
            }
        }
        return wrapped;
    }
}
