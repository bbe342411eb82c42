package io.blufio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleConsumer;
import org.junit.jupiter.api.Test;

/** The backup progress bar (issue 10 item 7), on an injected clock. */
final class BackupProgressTest {
    @Test
    void progressBar_silentForAShortCopy_thenDrawsInPlace_andEndsWithANewline() {
        AtomicLong nanos = new AtomicLong();
        StringWriter err = new StringWriter();
        DoubleConsumer bar = BackupCommand.progressBar(new PrintWriter(err, true), true, nanos::get);
        bar.accept(0.2);
        nanos.set((BackupCommand.PROGRESS_AFTER_MS - 1) * 1_000_000);
        bar.accept(0.4);
        assertThat(err.toString()).as("nothing within the first %d ms", BackupCommand.PROGRESS_AFTER_MS).isEmpty();
        nanos.set(BackupCommand.PROGRESS_AFTER_MS * 1_000_000);
        bar.accept(0.5);
        assertThat(err.toString()).isEqualTo("\r[" + "#".repeat(15) + " ".repeat(15) + "] 50%");
        bar.accept(1.0);
        assertThat(err.toString()).endsWith("\r[" + "#".repeat(30) + "] 100%\n");
    }

    @Test
    void progressBar_offTheTerminal_printsNothing() {
        StringWriter err = new StringWriter();
        DoubleConsumer bar = BackupCommand.progressBar(new PrintWriter(err, true), false, () -> Long.MAX_VALUE);
        bar.accept(0.5);
        bar.accept(1.0);
        assertThat(err.toString()).isEmpty();
    }
}
