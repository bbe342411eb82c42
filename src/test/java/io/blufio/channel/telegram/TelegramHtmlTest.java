package io.blufio.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.fixtures.TelegramHtmlCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class TelegramHtmlTest {
    @Test
    void render_escapesLessThanAmpersandGreaterThan() {
        assertThat(TelegramHtml.render("if a < b && c > d")).isEqualTo("if a &lt; b &amp;&amp; c &gt; d");
    }

    @Test
    void render_markdownEmphasisCodeLinksHeadingsAndBullets() {
        assertThat(TelegramHtml.render("**bold** and *it* and _it2_ and ~~gone~~")).isEqualTo("<b>bold</b> and <i>it</i> and <i>it2</i> and <s>gone</s>");
        assertThat(TelegramHtml.render("`a<b>` and [site](https://x.org/a_b_c?x=1&y=2)"))
                .isEqualTo("<code>a&lt;b&gt;</code> and <a href=\"https://x.org/a_b_c?x=1&amp;y=2\">site</a>");
        assertThat(TelegramHtml.render("# Title\n- one\n- two")).isEqualTo("<b>Title</b>\n• one\n• two");
        assertThat(TelegramHtml.render("```java\nint x = a < b;\n```")).isEqualTo("<pre><code class=\"language-java\">int x = a &lt; b;</code></pre>");
    }

    @Test
    void render_leavesUnmatchedMarkersLiteral() {
        assertThat(TelegramHtml.render("snake_case_name costs 2 * 3 [not a link] _")).isEqualTo("snake_case_name costs 2 * 3 [not a link] _");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a < b & c", "_*[]", "**unclosed bold", "`code with **stars**`", "***triple***", "__a_b__", "[x](https://a.b/\"q\")",
            "```\nunclosed fence <tag>", "*a **b* c**", "<b>not html</b> &amp;", "~~~", "_a *b_ c*"})
    void render_alwaysGivesHtmlTelegramAccepts(String markdown) {
        assertThat(TelegramHtmlCheck.problem(TelegramHtml.render(markdown), "HTML", false)).isNull();
    }
}
