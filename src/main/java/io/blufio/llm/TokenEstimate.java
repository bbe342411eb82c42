package io.blufio.llm;

/**
 * The token count blufio bills when a server reports none: one token per {@link #BYTES_PER_TOKEN} bytes
 * of UTF-8, rounded up. Claude's and GPT's tokenizers average about 4 bytes a token on English prose
 * and a little less on JSON and code, and about one token per character (3 bytes) on CJK text, so this
 * errs high: budgets kept with it hold for the real counts too. Input is estimated from the request body
 * exactly as sent (system prompt, history, tool schemas and JSON framing); output from the answer's text
 * and tool-call arguments. No tokenizer is shipped: a real one costs megabytes of vocabulary per model
 * family and would still be wrong for the unknown models behind OpenAI-compatible servers.
 */
public final class TokenEstimate {
    /** UTF-8 bytes counted as one token. */
    public static final int BYTES_PER_TOKEN = 3;

    private TokenEstimate() {}

    /** Returns the estimated tokens of {@code bytes} UTF-8 bytes (0 for none). */
    public static long ofBytes(long bytes) {
        return bytes <= 0 ? 0 : (bytes + BYTES_PER_TOKEN - 1) / BYTES_PER_TOKEN;
    }

    /** Returns the estimated tokens of {@code text}. */
    public static long of(String text) {
        return text == null ? 0 : ofBytes(utf8Length(text));
    }

    /** Returns the UTF-8 length of {@code s} in bytes, without encoding it. */
    static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c)) { n += 4; i++; }
            else n += 3;
        }
        return n;
    }
}
