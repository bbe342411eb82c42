package io.blufio.channel.telegram;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The type of a file read from its first bytes (its "magic numbers"), never from its name or the type the
 * sender claims: JPEG {@code FF D8 FF}, PNG {@code 89 50 4E 47 0D 0A 1A 0A}, GIF {@code GIF87a}/{@code GIF89a},
 * WebP {@code RIFF....WEBP}, PDF {@code %PDF-}, Ogg {@code OggS}, MP3 {@code ID3} or an MPEG frame sync,
 * WAV {@code RIFF....WAVE}, MP4/M4A {@code ....ftyp}, WebM/Matroska {@code 1A 45 DF A3}, FLAC {@code fLaC}
 * (as listed by the WHATWG MIME Sniffing standard, https://mimesniff.spec.whatwg.org/). Text is UTF-8 that
 * decodes cleanly and holds no control characters other than tab, line feed, carriage return and form feed.
 */
final class Magic {
    /** Returned when no known type matches. */
    static final String UNKNOWN = "application/octet-stream";
    /** Returned for clean UTF-8 text (plain text, Markdown, CSV, JSON). */
    static final String TEXT = "text/plain";
    /** Returned for PDF. */
    static final String PDF = "application/pdf";

    private Magic() {}

    /** Returns the MIME type of {@code b} by its content. */
    static String of(byte[] b) {
        if (starts(b, 0xFF, 0xD8, 0xFF)) return "image/jpeg";
        if (starts(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return "image/png";
        if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) return "image/gif";
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) return "image/webp";
        if (ascii(b, 0, "%PDF-")) return PDF;
        if (ascii(b, 0, "OggS")) return "audio/ogg";
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WAVE")) return "audio/wav";
        if (ascii(b, 0, "fLaC")) return "audio/flac";
        if (ascii(b, 4, "ftyp")) return "audio/mp4";
        if (starts(b, 0x1A, 0x45, 0xDF, 0xA3)) return "audio/webm";
        if (ascii(b, 0, "ID3") || (b.length > 1 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0)) return "audio/mpeg";
        if (isText(b)) return TEXT;
        return UNKNOWN;
    }

    /** Returns true for the picture types both providers take: JPEG, PNG, GIF, WebP. */
    static boolean isImage(String mime) {
        return mime.startsWith("image/");
    }

    /** Returns true for the audio types the transcription endpoint takes. */
    static boolean isAudio(String mime) {
        return mime.startsWith("audio/");
    }

    /** Returns {@code b} decoded as UTF-8 (a leading byte-order mark dropped), or null when it is not clean text. */
    static String text(byte[] b) {
        int from = starts(b, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        String s;
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, from, b.length - from));
            s = cb.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') return null;
            if (c == 0x7F) return null;
        }
        return s;
    }

    private static boolean isText(byte[] b) {
        return b.length > 0 && text(b) != null;
    }

    private static boolean starts(byte[] b, int... prefix) {
        if (b.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if ((b[i] & 0xFF) != prefix[i]) return false;
        return true;
    }

    private static boolean ascii(byte[] b, int at, String s) {
        if (b.length < at + s.length()) return false;
        for (int i = 0; i < s.length(); i++) if (b[at + i] != (byte) s.charAt(i)) return false;
        return true;
    }
}
