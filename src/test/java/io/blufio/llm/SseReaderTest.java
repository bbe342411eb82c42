package io.blufio.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class SseReaderTest {
    private static List<SseReader.Event> read(InputStream in) throws IOException {
        List<SseReader.Event> out = new ArrayList<>();
        new SseReader(in).read(e -> out.add(e));
        return out;
    }

    private static List<SseReader.Event> read(String text) throws IOException {
        return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void read_namedEventsCommentsAndMultiLineData() throws IOException {
        var events = read(": keep-alive\n\nevent: ping\ndata: {\"a\":1}\n\ndata: one\ndata:two\nid: 7\n\n");

        assertThat(events).containsExactly(new SseReader.Event("ping", "{\"a\":1}"), new SseReader.Event(null, "one\ntwo"));
    }

    @Test
    void read_crlfAndCrLineEnds_evenSplitAcrossReads() throws IOException {
        byte[] bytes = "event: a\r\ndata: x\r\n\r\ndata: y\r\r".getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new InputStream() {  // one byte per read: every split point is exercised
            int i;
            @Override public int read() { return i < bytes.length ? bytes[i++] : -1; }
            @Override public int read(byte[] b, int off, int len) { if (i >= bytes.length) return -1; b[off] = bytes[i++]; return 1; }
        };

        assertThat(read(trickle)).containsExactly(new SseReader.Event("a", "x"), new SseReader.Event(null, "y"));
    }

    @Test
    void read_eventWithoutItsClosingBlankLine_isDropped() throws IOException {
        assertThat(read("data: done\n\ndata: {\"cut")).containsExactly(new SseReader.Event(null, "done"));
    }

    @Test
    void read_utf8SplitAcrossBuffers_staysWhole() throws IOException {
        String text = "é".repeat(9000);  // 18000 bytes: crosses the 8 KiB buffer inside characters

        assertThat(read("data: " + text + "\n\n")).singleElement().satisfies(e -> assertThat(e.data()).isEqualTo(text));
    }

    @Test
    void read_eventPastTheLimit_failsInsteadOfBuffering() {
        String huge = "data: " + "x".repeat(SseReader.MAX_EVENT_BYTES + 1) + "\n\n";

        assertThatThrownBy(() -> read(huge)).isInstanceOf(IOException.class).hasMessageContaining("longer than");
    }
}
