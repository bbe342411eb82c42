package io.blufio.channel.telegram;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the Markdown models write into Telegram's HTML parse mode
 * (https://core.telegram.org/bots/api#html-style): fenced code blocks become {@code <pre><code>},
 * {@code `code`} {@code <code>}, {@code **bold**}/{@code __bold__} {@code <b>}, {@code *italic*}/{@code _italic_}
 * {@code <i>}, {@code ~~strike~~} {@code <s>}, {@code [text](https://...)} links, {@code # headings} bold lines and
 * list bullets {@code •}. Everything else is text with {@code <}, {@code >}, {@code &} escaped, so unmatched
 * markers ({@code snake_case}, a lone {@code *}) stay literal. Should Telegram still refuse the result
 * ({@code can't parse entities}), the sender falls back to the plain text.
 */
final class TelegramHtml {
    /** A fence line of a code block, {@code ```} with an optional language; shared with {@link MessageSplitter}. */
    static final Pattern FENCE = Pattern.compile("^\\s*```\\s*([\\w+#.-]*)\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]+)\\]\\((https?://[^\\s)]+)\\)");
    private static final Pattern BOLD = Pattern.compile("\\*\\*(?=\\S)(.+?)(?<=\\S)\\*\\*|(?<!\\w)__(?=\\S)(.+?)(?<=\\S)__(?!\\w)");
    private static final Pattern ITALIC = Pattern.compile("(?<![\\w*])\\*(?=[^\\s*])([^*\\n]+?)(?<=[^\\s*])\\*(?![\\w*])"
            + "|(?<![\\w_])_(?=[^\\s_])([^_\\n]+?)(?<=[^\\s_])_(?![\\w_])");
    private static final Pattern STRIKE = Pattern.compile("~~(?=\\S)(.+?)(?<=\\S)~~");
    private static final Pattern EMPHASIS_TAG = Pattern.compile("<(/?)([bis])>");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
    private static final Pattern BULLET = Pattern.compile("^(\\s*)[-*+]\\s+(.*)$");
    /** Marks a protected piece (code span, link) while emphasis is rendered; never occurs in text. */
    private static final char MARK = '\u0000';

    private TelegramHtml() {}

    /** Returns {@code markdown} as Telegram HTML. */
    static String render(String markdown) {
        StringBuilder out = new StringBuilder();
        StringBuilder code = null;
        String lang = "";
        for (String line : markdown.replace("\r\n", "\n").replace(String.valueOf(MARK), "").split("\n", -1)) {
            Matcher fence = FENCE.matcher(line);
            if (fence.matches()) {
                if (code == null) {
                    code = new StringBuilder();
                    lang = fence.group(1);
                } else {
                    out.append(pre(code, lang)).append('\n');
                    code = null;
                }
                continue;
            }
            if (code != null) {
                code.append(line).append('\n');
                continue;
            }
            out.append(line(line)).append('\n');
        }
        if (code != null) out.append(pre(code, lang)).append('\n');  // an unclosed fence ends with the text
        return out.toString().strip();
    }

    private static String pre(StringBuilder code, String lang) {
        String body = escape(code.toString().stripTrailing());
        return lang.isEmpty() ? "<pre>" + body + "</pre>" : "<pre><code class=\"language-" + escape(lang) + "\">" + body + "</code></pre>";
    }

    private static String line(String line) {
        Matcher h = HEADING.matcher(line);
        if (h.matches()) return "<b>" + inline(h.group(1)) + "</b>";
        Matcher b = BULLET.matcher(line);
        if (b.matches()) return b.group(1) + "• " + inline(b.group(2));
        return inline(line);
    }

    /** Renders one line of text: code spans and links are cut out first so emphasis never reaches into them. */
    static String inline(String text) {
        List<String> kept = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        Matcher m = INLINE_CODE.matcher(text);
        int last = 0;
        while (m.find()) {
            sb.append(links(text.substring(last, m.start()), kept));
            sb.append(keep(kept, "<code>" + escape(m.group(1)) + "</code>"));
            last = m.end();
        }
        sb.append(links(text.substring(last), kept));
        String s = escape(sb.toString());
        s = BOLD.matcher(s).replaceAll(r -> "<b>" + Matcher.quoteReplacement(group(r)) + "</b>");
        s = ITALIC.matcher(s).replaceAll(r -> "<i>" + Matcher.quoteReplacement(group(r)) + "</i>");
        s = STRIKE.matcher(s).replaceAll(r -> "<s>" + Matcher.quoteReplacement(r.group(1)) + "</s>");
        if (!wellNested(s)) s = escape(sb.toString());  // overlapping markers: keep them literal
        for (int i = kept.size() - 1; i >= 0; i--) s = s.replace(MARK + Integer.toString(i) + MARK, kept.get(i));
        return s;
    }

    /** Returns true when the emphasis tags in {@code html} open and close in proper nesting. */
    private static boolean wellNested(String html) {
        java.util.Deque<String> open = new java.util.ArrayDeque<>();
        Matcher m = EMPHASIS_TAG.matcher(html);
        while (m.find()) {
            if (m.group(1).isEmpty()) {
                open.push(m.group(2));
            } else if (open.isEmpty() || !open.pop().equals(m.group(2))) {
                return false;
            }
        }
        return open.isEmpty();
    }

    private static String links(String text, List<String> kept) {
        Matcher m = LINK.matcher(text);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            sb.append(text, last, m.start());
            String href = escape(m.group(2)).replace("\"", "&quot;");
            sb.append(keep(kept, "<a href=\"" + href + "\">" + escape(m.group(1)) + "</a>"));
            last = m.end();
        }
        return sb.append(text.substring(last)).toString();
    }

    private static String keep(List<String> kept, String html) {
        kept.add(html);
        return MARK + Integer.toString(kept.size() - 1) + MARK;
    }

    private static String group(java.util.regex.MatchResult r) {
        return r.group(1) != null ? r.group(1) : r.group(2);
    }

    /** Escapes the three characters Telegram's HTML mode requires: {@code <}, {@code >}, {@code &}. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
