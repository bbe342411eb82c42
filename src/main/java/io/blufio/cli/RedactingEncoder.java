package io.blufio.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import io.blufio.Redactor;
import java.nio.charset.StandardCharsets;

/**
 * A Logback encoder in front of another: every byte the delegate renders (message, arguments, MDC,
 * thread name, exception messages and whole stack traces) passes through {@link Redactor#redact} before
 * an appender writes it. {@link LogConfig} puts it around the pattern encoder; {@link Logging}
 * wraps any appender's encoder that is not one of these, so no appender writes unredacted lines.
 *
 * <pre>{@code
 * <encoder class="io.blufio.cli.RedactingEncoder">
 *   <delegate class="ch.qos.logback.classic.encoder.PatternLayoutEncoder"><pattern>%msg%n</pattern></delegate>
 * </encoder>
 * }</pre>
 * The delegate must write UTF-8 (the pattern encoder's default).
 */
public final class RedactingEncoder extends EncoderBase<ILoggingEvent> {
    private Encoder<ILoggingEvent> delegate;

    /** Sets the encoder whose output is redacted (Logback calls it for the nested {@code <delegate>}). */
    public void setDelegate(Encoder<ILoggingEvent> delegate) {
        this.delegate = delegate;
    }

    /** Returns the wrapped encoder. */
    public Encoder<ILoggingEvent> getDelegate() {
        return delegate;
    }

    @Override
    public void start() {
        if (delegate == null) {
            addError("RedactingEncoder needs a <delegate> encoder");
            return;
        }
        if (delegate.getContext() == null) delegate.setContext(getContext());
        if (!delegate.isStarted()) delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) delegate.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return redact(delegate.headerBytes());
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return redact(delegate.encode(event));
    }

    @Override
    public byte[] footerBytes() {
        return redact(delegate.footerBytes());
    }

    private static byte[] redact(byte[] bytes) {
        if (bytes == null || bytes.length == 0) return bytes;
        String text = new String(bytes, StandardCharsets.UTF_8);
        String clean = Redactor.redact(text);
        return clean.equals(text) ? bytes : clean.getBytes(StandardCharsets.UTF_8);
    }
}
