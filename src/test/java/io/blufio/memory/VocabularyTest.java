package io.blufio.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class VocabularyTest {
    @Test
    void findsTokensWithAndWithoutTheContinuationPrefix_andNothingElse() {
        Map<String, Integer> tokens = new HashMap<>();
        String[] words = {"un", "##aff", "##able", "[UNK]", "a", "##a", "東", "café"};
        for (int i = 0; i < words.length; i++) tokens.put(words[i], 100 + i);
        for (int i = 0; i < 5000; i++) tokens.put("filler" + i, 1000 + i);  // collisions and probing
        Vocabulary v = Vocabulary.of(tokens);
        assertThat(v.size()).isEqualTo(5008);
        assertThat(v.id("", "xunaffable", 1, 3)).isEqualTo(100);
        assertThat(v.id("##", "unaffable", 2, 5)).isEqualTo(101);
        assertThat(v.id("##", "unaffable", 5, 9)).isEqualTo(102);
        assertThat(v.id("[UNK]")).isEqualTo(103);
        assertThat(v.id("a")).isEqualTo(104);
        assertThat(v.id("##", "a", 0, 1)).isEqualTo(105);
        assertThat(v.id("東")).isEqualTo(106);
        assertThat(v.id("café")).isEqualTo(107);
        assertThat(v.id("filler4999")).isEqualTo(5999);
        assertThat(v.id("##un")).isEqualTo(-1);
        assertThat(v.id("")).isEqualTo(-1);
        assertThat(v.id("caf")).isEqualTo(-1);
        assertThat(v.id("##", "aff", 0, 2)).isEqualTo(-1);
    }
}
