package io.blufio.agent;

import io.blufio.llm.ChatMessage;
import io.blufio.llm.ContentBlock;
import java.util.List;

/**
 * A cheap, deliberately high estimate of tokens: one per {@link #CHARS_PER_TOKEN} characters. English
 * runs at about 4 characters a token for Claude and GPT tokenizers; 3 leaves room for code and other
 * languages, so a budget kept by this estimate holds for the real count too.
 */
final class Tokens {
    /** Characters counted as one token. */
    static final int CHARS_PER_TOKEN = 3;
    /** Tokens counted for each message on top of its text (role and framing). */
    static final int PER_MESSAGE = 4;

    private Tokens() {}

    static int of(String text) {
        return text == null ? 0 : (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    static int of(ChatMessage m) {
        int n = PER_MESSAGE;
        for (ContentBlock b : m.content()) {
            n += switch (b) {
                case ContentBlock.Text t -> of(t.text());
                case ContentBlock.ToolUse u -> of(u.name()) + of(u.input());
                case ContentBlock.ToolResult r -> of(r.content());
                case ContentBlock.Image i -> i.hasData() ? (int) i.estimatedTokens() : of(i.note());
            };
        }
        return n;
    }

    static int of(List<ChatMessage> messages) {
        int n = 0;
        for (ChatMessage m : messages) n += of(m);
        return n;
    }
}
