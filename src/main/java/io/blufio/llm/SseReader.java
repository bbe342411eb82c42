package io.blufio.llm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} body as the HTML standard defines it
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation): lines end
 * in CR, LF or CRLF; {@code event:} names the event, {@code data:} lines are joined with LF, a line
 * starting with {@code :} is a comment (keep-alive), an empty line dispatches the event. An event left
 * without its closing empty line when the stream ends is dropped, as the standard says.
 *
 * <p>Bounded: one event may hold at most {@link #MAX_EVENT_BYTES}; a longer one fails the read. Not
 * thread-safe; one reader per response body.
 */
final class SseReader {
    /** Largest event (all its lines together) accepted, in bytes: 4 MiB. */
    static final int MAX_EVENT_BYTES = 4 << 20;

    /** One dispatched event; {@code event} is null when the server sent no {@code event:} line. */
    record Event(String event, String data) {}

    /** Receives events in order; may throw to stop reading. */
    @FunctionalInterface
    interface Handler {
        /** @return false to stop reading (the final event was seen) */
        boolean onEvent(Event e);
    }

    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int len;
    private boolean lastWasCr;

    SseReader(InputStream in) {
        this.in = in;
    }

    /** Reads events until the stream ends or {@code handler} returns false. */
    void read(Handler handler) throws IOException {
        String event = null;
        StringBuilder data = null;
        int size = 0;
        String line;
        while ((line = nextLine(MAX_EVENT_BYTES - size)) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    if (!handler.onEvent(new Event(event, data.toString()))) return;
                }
                event = null;
                data = null;
                size = 0;
                continue;
            }
            size += line.length() + 1;
            if (line.charAt(0) == ':') continue;
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) value = value.substring(1);
            switch (field) {
                case "event" -> event = value;
                case "data" -> {
                    if (data == null) data = new StringBuilder(value);
                    else data.append('\n').append(value);
                }
                default -> { } // id, retry and unknown fields mean nothing to a one-shot stream
            }
        }
    }

    /** Returns the next line without its terminator, or null at the end of the stream. */
    private String nextLine(int maxBytes) throws IOException {
        ByteArrayOutputStream line = null;
        int start = pos;
        while (true) {
            if (pos == len) {
                if (line == null) line = new ByteArrayOutputStream();
                line.write(buf, start, pos - start);
                if (line.size() > maxBytes) throw tooLong();
                len = in.read(buf);
                pos = 0;
                start = 0;
                if (len <= 0) {
                    len = 0;
                    return null; // an unterminated last line is dropped with its event
                }
            }
            byte b = buf[pos];
            if (lastWasCr && b == '\n' && pos == start && (line == null || line.size() == 0)) {
                lastWasCr = false; // the LF of a CRLF
                pos++;
                start = pos;
                continue;
            }
            lastWasCr = false;
            if (b == '\n' || b == '\r') {
                lastWasCr = b == '\r';
                String s;
                if (line == null) {
                    if (pos - start > maxBytes) throw tooLong();
                    s = new String(buf, start, pos - start, StandardCharsets.UTF_8);
                } else {
                    line.write(buf, start, pos - start);
                    if (line.size() > maxBytes) throw tooLong();
                    s = line.toString(StandardCharsets.UTF_8);
                }
                pos++;
                return s;
            }
            pos++;
        }
    }

    private static IOException tooLong() {
        return new IOException("a server-sent event is longer than " + MAX_EVENT_BYTES + " bytes");
    }
}
