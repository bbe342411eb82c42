package io.blufio.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class MessageSplitterTest {
    @Test
    void split_atExactlyTheLimit_isOneMessage_andOneMorePastItIsTwo() {
        String words = "word ".repeat(1000);
        String exact = (words + words).substring(0, MessageSplitter.MAX_CHARS - 1) + "x";
        assertThat(MessageSplitter.split(exact)).hasSize(1);
        assertThat(MessageSplitter.split(exact + "y")).hasSize(2);
    }

    @Test
    void split_prefersParagraph_thenSentence_thenWord() {
        assertThat(MessageSplitter.split("First para here.\n\nSecond one is long", 30)).containsExactly("First para here.", "Second one is long");
        assertThat(MessageSplitter.split("One sentence. Another sentence here", 30)).containsExactly("One sentence.", "Another sentence here");
        assertThat(MessageSplitter.split("alpha beta gamma delta epsilon zeta", 20)).containsExactly("alpha beta gamma", "delta epsilon zeta");
    }

    @Test
    void split_tenThousandCharacters_neverCutsInsideAWord() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < 10_000; i++) sb.append("lorem").append(i).append(i % 13 == 0 ? ". " : " ");
        String text = sb.toString().strip();
        List<String> parts = MessageSplitter.split(text);
        assertThat(parts).hasSizeGreaterThanOrEqualTo(3).allMatch(p -> p.length() <= MessageSplitter.MAX_CHARS);
        assertThat(String.join(" ", parts).split(" ")).containsExactly(text.split(" "));
    }

    @Test
    void split_oneHugeWord_isCutHard_butNeverInsideASurrogatePair() {
        String emoji = "😀".repeat(3000);  // 6000 UTF-16 units, no spaces
        List<String> parts = MessageSplitter.split(emoji);
        assertThat(parts).allMatch(p -> p.length() <= MessageSplitter.MAX_CHARS && !Character.isHighSurrogate(p.charAt(p.length() - 1)));
        assertThat(String.join("", parts)).isEqualTo(emoji);
    }
}
