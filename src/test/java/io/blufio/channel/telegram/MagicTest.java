package io.blufio.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class MagicTest {
    private static byte[] b(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (byte) v[i];
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void of_readsTheTypeFromTheBytes() {
        assertThat(Magic.of(b(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10))).isEqualTo("image/jpeg");
        assertThat(Magic.of(b(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0))).isEqualTo("image/png");
        assertThat(Magic.of(ascii("GIF89a\u0001\u0000"))).isEqualTo("image/gif");
        assertThat(Magic.of(ascii("RIFF\u0000\u0000\u0000\u0000WEBPVP8 "))).isEqualTo("image/webp");
        assertThat(Magic.of(ascii("%PDF-1.7\n"))).isEqualTo(Magic.PDF);
        assertThat(Magic.of(ascii("OggS\u0000\u0002"))).isEqualTo("audio/ogg");
        assertThat(Magic.of(ascii("RIFF\u0000\u0000\u0000\u0000WAVEfmt "))).isEqualTo("audio/wav");
        assertThat(Magic.of(ascii("ID3\u0004\u0000"))).isEqualTo("audio/mpeg");
    }

    @Test
    void of_cleanUtf8IsText_controlBytesOrBadUtf8AreNot() {
        assertThat(Magic.of("name,amount\nzoë,10\n{\"a\": 1}\t".getBytes(StandardCharsets.UTF_8))).isEqualTo(Magic.TEXT);
        assertThat(Magic.of(b('a', 'b', 0, 'c'))).isEqualTo(Magic.UNKNOWN);
        assertThat(Magic.of(b('a', 0xC3, 0x28))).isEqualTo(Magic.UNKNOWN);
        assertThat(Magic.of(b('P', 'K', 3, 4))).isEqualTo(Magic.UNKNOWN);
        assertThat(Magic.of(new byte[0])).isEqualTo(Magic.UNKNOWN);
        assertThat(Magic.text(b(0xEF, 0xBB, 0xBF, 'h', 'i'))).isEqualTo("hi");
    }
}
