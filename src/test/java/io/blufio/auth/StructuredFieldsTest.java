package io.blufio.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class StructuredFieldsTest {
    @Test
    void parseDictionary_signatureInput_keepsOrderAndTypes() throws Exception {
        Map<String, StructuredFields.Member> d = StructuredFields.parseDictionary(
                " sig1=(\"@method\" \"a\\\"b\");created=17;keyid=\"k\";flag;t=tok/1  ");

        StructuredFields.InnerList list = (StructuredFields.InnerList) d.get("sig1");
        assertThat(list.items()).extracting(StructuredFields.Item::value).containsExactly("@method", "a\"b");
        assertThat(list.params()).containsExactly(Map.entry("created", 17L), Map.entry("keyid", "k"),
                Map.entry("flag", true), Map.entry("t", new StructuredFields.Token("tok/1")));
        assertThat(StructuredFields.serialize(list)).isEqualTo("(\"@method\" \"a\\\"b\");created=17;keyid=\"k\";flag;t=tok/1");
    }

    @Test
    void parseDictionary_byteSequencesAndSeveralMembers() throws Exception {
        Map<String, StructuredFields.Member> d = StructuredFields.parseDictionary("sha-512=:AAE=:,\tsha-256=:/w==:");

        assertThat(d).containsOnlyKeys("sha-512", "sha-256");
        assertThat((byte[]) ((StructuredFields.Item) d.get("sha-256")).value()).containsExactly((byte) 0xff);
    }

    @Test
    void parseDictionary_invalidInput_isRefused() {
        for (String bad : new String[] {"sig1=(\"a\"", "Sig1=(\"a\")", "a=1,", "a=1,a=2", "a=1.5", "a=\"x", "a=\"\\n\"",
                "a=:%%:", "a=(\"x\")b", "a=1 b=2", "a=1234567890123456", "a=\"é\"", "a=?2", "a=1;p=1;p=2"}) {
            assertThatThrownBy(() -> StructuredFields.parseDictionary(bad)).as(bad)
                    .isInstanceOf(StructuredFields.ParseException.class);
        }
    }

    @Test
    void parseDictionary_overLongField_isRefusedUnread() {
        String huge = "a=\"" + "x".repeat(StructuredFields.MAX_FIELD_CHARS) + "\"";

        assertThatThrownBy(() -> StructuredFields.parseDictionary(huge)).hasMessageContaining("longer than 8192");
    }
}
