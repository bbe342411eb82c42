package io.blufio.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java WordPiece tokenizer gives the same ids as the HuggingFace tokenizers library (the Rust build that
 * blufio used before, through DJL) on all-MiniLM-L6-v2's own {@code tokenizer.json}: hand-picked edge cases
 * and 3,000 seeded random texts drawn from many scripts and character classes
 * (minus characters newer than the Rust library's Unicode tables).
 */
final class WordPieceTokenizerTest {
    @TempDir static Path tmp;
    /**
     * Characters the JDK knows but the Rust library's Unicode tables (crate {@code unicode_categories}) do
     * not, in the ranges drawn from: HuggingFace drops them as unassigned. The one known difference.
     */
    private static final java.util.Set<Integer> NEWER_THAN_RUST_TABLES = java.util.Set.of(0x061D);
    private static WordPieceTokenizer ours;
    private static HuggingFaceTokenizer reference;

    @BeforeAll
    static void load() throws IOException {
        System.setProperty("DJL_CACHE_DIR", tmp.resolve("djl").toString());
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("RUST_FLAVOR", "cpu");
        ModelFiles files = ModelFiles.extractTo(tmp);
        try (InputStream in = Files.newInputStream(files.tokenizer())) {
            ours = WordPieceTokenizer.read(in);
        }
        try (InputStream in = Files.newInputStream(files.tokenizer())) {
            reference = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false"));  // as LangChain4j configured it
        }
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    private static long[] hf(String text) {
        return reference.encode(text, true, false).getIds();
    }

    private static void same(String text) {
        assertThat(ours.encode(text)).as("ids of %s", escape(text)).isEqualTo(hf(text));
    }

    @Test
    void handPickedEdgeCases_matchHuggingFace() {
        List<String> cases = List.of("", " ", "hello world", "Hello, WORLD!", "don't stop", "naïve café Ångström ﬁne",
                "東京は今日も晴れ", "北京欢迎你 and 中文", "안녕하세요 세계", "Привет, мир", "ΣΊΣΥΦΟΣ σοφός",
                "emoji 😀👍 and ❤️ with ZWJ 👨‍👩‍👧", "tab\there\nnew\rline", "vertical\u000Btab form\u000Cfeed",
                "nbsp\u00A0here\u2003em\u3000ideographic", "zero\u200Bwidth soft\u00ADhyphen", "nul\u0000char \uFFFD replacement",
                "$100 + 5% = <value> ^ `code` | ~home", "a—b–c «quoted» „low“ ‘single’ …", "e\u0301 combining acute, i\u0307",
                "İstanbul ŞIRKET ß ẞ Ǆ ǅ ǆ", "x".repeat(100), "x".repeat(101), "supercalifragilisticexpialidocious",
                "qqqqzzzzxxxxjjjj", "🙂".repeat(150), "the quick brown fox ".repeat(40), "123,456.789 3.14e-10 0x1F",
                "mixed日本語English", "Ελληνικά; question mark;", "\u037E greek question", "ﾊﾝｶｸ full-width ＡＢＣ",
                "ऩ हिन्दी देवनागरी", "עברית مرحبا بالعالم", "ไทย ภาษา", "\uFEFFbom at start", "private\uE000use",
                "  leading and trailing  ", "https://example.com/path?q=1&r=2#frag", "email me: someone@example.org");
        cases.forEach(WordPieceTokenizerTest::same);
    }

    @Test
    void seededRandomTexts_matchHuggingFace() {
        Random random = new Random(14);
        int[][] ranges = {
            {'a', 'z'}, {'A', 'Z'}, {'0', '9'}, {'!', '/'}, {':', '@'}, {'[', '`'}, {'{', '~'},
            {0x00C0, 0x024F},   // Latin with diacritics
            {0x0300, 0x036F},   // combining marks
            {0x0370, 0x03FF},   // Greek
            {0x0400, 0x04FF},   // Cyrillic
            {0x0590, 0x05FF}, {0x0600, 0x06FF},   // Hebrew, Arabic
            {0x0900, 0x097F},   // Devanagari
            {0x2000, 0x206F},   // general punctuation, odd spaces, format chars
            {0x3040, 0x30FF},   // kana
            {0x4E00, 0x9FFF},   // CJK
            {0xAC00, 0xD7A3},   // Hangul syllables
            {0xFF00, 0xFFEF},   // half- and full-width forms
            {0x1F300, 0x1F64F}, // emoji of Unicode 6-8
            {0x00, 0x1F},       // controls
        };
        List<String> failures = new ArrayList<>();
        for (int n = 0; n < 3000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(10) == 0 ? 200 + random.nextInt(400) : 1 + random.nextInt(60);  // some past 128 tokens
            for (int i = 0; i < len; i++) {
                if (random.nextInt(6) == 0) {
                    sb.append(' ');
                    continue;
                }
                int[] r = ranges[random.nextInt(ranges.length)];
                int cp = r[0] + random.nextInt(r[1] - r[0] + 1);
                if (!Character.isDefined(cp) || NEWER_THAN_RUST_TABLES.contains(cp)) continue;
                sb.appendCodePoint(cp);
            }
            String text = sb.toString();
            if (!Arrays.equals(ours.encode(text), hf(text))) failures.add(escape(text));
        }
        assertThat(failures).as("texts tokenised differently").isEmpty();
    }

    @Test
    void longText_isTruncatedTo128Tokens_likeTheTokenizerJsonSays() {
        String text = "word" + " remember the milk and the eggs".repeat(200_000);  // about 6 MB
        long[] ids = ours.encode(text);
        assertThat(ids).hasSize(128).isEqualTo(hf("word" + " remember the milk and the eggs".repeat(100)));
        assertThat(ids[0]).isEqualTo(101);
        assertThat(ids[127]).isEqualTo(102);
    }

    @Test
    void aTokenizerThatIsNotBertWordPiece_isRefused() {
        String bpe = "{\"normalizer\":null,\"pre_tokenizer\":{\"type\":\"ByteLevel\"},\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0}}}";
        assertThatThrownBy(() -> WordPieceTokenizer.read(new ByteArrayInputStream(bpe.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IOException.class).hasMessageContaining("not the BERT WordPiece tokenizer");
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7F) sb.appendCodePoint(cp);
            else sb.append(String.format("\\u{%X}", cp));
        });
        return sb.append('"').toString();
    }
}
