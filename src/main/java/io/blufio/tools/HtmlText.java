package io.blufio.tools;

import java.util.regex.Pattern;

/** A rough HTML-to-text reduction for the model: scripts, styles and tags out, common entities decoded. */
final class HtmlText {
    private static final Pattern INVISIBLE = Pattern.compile("(?is)<(script|style|noscript|template|svg)\\b.*?</\\1\\s*>|<!--.*?-->");
    private static final Pattern BREAKS = Pattern.compile("(?i)<(br|/p|/div|/li|/h[1-6]|/tr|/title)\\b[^>]*>");
    private static final Pattern TAGS = Pattern.compile("<[^>]*>");

    private HtmlText() {}

    static String of(String html) {
        String t = INVISIBLE.matcher(html).replaceAll(" ");
        t = BREAKS.matcher(t).replaceAll("\n");
        t = TAGS.matcher(t).replaceAll(" ");
        t = t.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&apos;", "'").replace("&amp;", "&");
        t = t.replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll(" *\\n[ \\n]*", "\n");
        return t.strip();
    }
}
