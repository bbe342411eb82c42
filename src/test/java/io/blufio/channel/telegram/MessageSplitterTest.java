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

    @Test
    void split_insideACodeBlock_closesItAndReopensItWithItsLanguage_atALineEnd() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 40; i++) code.append("  line ").append(i).append(" of code\n");
        String text = "Intro.\n```python\n" + code + "```\nAfter.";
        List<String> parts = MessageSplitter.split(text, 200);
        assertThat(parts).hasSizeGreaterThan(2).allMatch(p -> p.length() <= 200);
        for (String p : parts) {
            long fences = p.lines().filter(l -> l.strip().startsWith("```")).count();
            assertThat(fences).as("fences in %s", p).isEven();
        }
        assertThat(parts.subList(1, parts.size())).allMatch(p -> p.startsWith("```python\n") || p.equals("After."));
        // without the added fences the text is the same, indentation inside the block included
        String joined = String.join("\n", parts).replace("\n```\n```python\n", "\n");
        assertThat(joined).isEqualTo(text);
    }

    @Test
    void split_withoutCodeBlocks_addsNoFences() {
        String text = "word ".repeat(2000).strip();
        assertThat(MessageSplitter.split(text)).noneMatch(p -> p.contains("```"));
    }
}
