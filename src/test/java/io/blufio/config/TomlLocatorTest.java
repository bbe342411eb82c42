package io.blufio.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.blufio.config.TomlLocator.Position;
import org.junit.jupiter.api.Test;

/** Line and column of keys in TOML text. */
final class TomlLocatorTest {
    private static final String TEXT = """
            top = 1
            [gateway]
            port = 3000
              "host" = "x"   # comment [not.a.table]
            [ llm . anthropic ]
            model = \"""
            fake = 1
            \"""
            list = [
              "a = 1",
            ]
            after = true
            [llm]
            openai = { model = "m", max_tokens = 5, base_url = "u" }
            anthropic.api_key = "k"
            [[arr]]
            x = 1
            """;
    private final TomlLocator locator = TomlLocator.of(TEXT);

    @Test
    void find_plainQuotedAndIndentedKeys() {
        assertThat(locator.find("top")).contains(new Position(1, 1));
        assertThat(locator.find("gateway")).contains(new Position(2, 1));
        assertThat(locator.find("gateway.port")).contains(new Position(3, 1));
        assertThat(locator.find("gateway.host")).contains(new Position(4, 3));
    }

    @Test
    void find_skipsMultiLineStringsAndArrays() {
        assertThat(locator.contains("llm.anthropic.fake")).isFalse();
        assertThat(locator.contains("a")).isFalse();
        assertThat(locator.find("llm.anthropic.after")).contains(new Position(12, 1));
    }

    @Test
    void find_inlineTableAndDottedKeys() {
        assertThat(locator.find("llm.openai")).contains(new Position(14, 1));
        assertThat(locator.find("llm.openai.max_tokens")).contains(new Position(14, 25));
        assertThat(locator.find("llm.openai.base_url")).contains(new Position(14, 41));
        assertThat(locator.find("llm.anthropic.api_key")).contains(new Position(15, 1));
        assertThat(locator.find("arr.x")).contains(new Position(17, 1));
    }

    @Test
    void find_absentKey_fallsBackToEnclosingTable() {
        assertThat(locator.find("gateway.allow_remote")).contains(new Position(2, 1));
        assertThat(locator.contains("gateway.allow_remote")).isFalse();
        assertThat(locator.find("nothing.here")).isEmpty();
    }
}
