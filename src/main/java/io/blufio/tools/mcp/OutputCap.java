package io.blufio.tools.mcp;

import java.nio.charset.StandardCharsets;

/** Cuts a tool result to a number of UTF-8 bytes ({@code mcp.servers.max_output_bytes}), on a character boundary. */
final class OutputCap {
    private OutputCap() {}

    /** Returns {@code text}, or its first {@code maxBytes} bytes (whole characters) followed by a note giving both sizes. */
    static String cut(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) return text;
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) end--;  // not inside a multi-byte character
        return new String(bytes, 0, end, StandardCharsets.UTF_8) + "\n[output truncated: " + bytes.length
                + " bytes, only the first " + end + " shown (mcp.servers.max_output_bytes = " + maxBytes + ")]";
    }
}
