package io.blufio.agent;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The zero-cost classifier of {@code [routing]}: picks a {@link Tier} for a message from its text and the
 * tier of the session's previous turn, with no model call. The rules, first match wins (README "Model
 * routing" lists them too; {@code TierClassifierTest} holds a table of examples):
 *
 * <ol>
 *   <li><b>code</b>: a code fence, a stack trace, or at least {@link #CODE_LINES} lines that look like code
 *       -> complex;</li>
 *   <li><b>long</b>: at least {@link #LONG_WORDS} words or {@link #LONG_CHARS} characters -> complex;</li>
 *   <li><b>greeting or acknowledgement</b> ("hi", "thanks!", "ok, got it", "good morning") of at most
 *       {@link #ACK_WORDS} words -> simple;</li>
 *   <li><b>design or reasoning</b>: a cue word (design, architecture, trade-off, compare, refactor, debug,
 *       prove, analyse, step by step, ...) in a message of at least {@link #CUE_WORDS} words -> complex;</li>
 *   <li><b>several questions</b>: at least {@link #MANY_QUESTIONS} question marks -> complex;</li>
 *   <li><b>follow-up</b>: the previous turn of the session (within the last 30 minutes) was complex and this
 *       message has at most {@link #FOLLOW_UP_WORDS} words -> complex (a short "and the database?" continues
 *       a hard conversation);</li>
 *   <li><b>short plain question or request</b>: at most {@link #SHORT_WORDS} words and no why/how/explain
 *       -> simple;</li>
 *   <li>anything else -> standard.</li>
 * </ol>
 */
final class TierClassifier {
    /** Lines that look like code from which a message counts as code. */
    static final int CODE_LINES = 2;
    /** Words from which a message counts as long. */
    static final int LONG_WORDS = 150;
    /** Characters from which a message counts as long. */
    static final int LONG_CHARS = 1_000;
    /** Words a greeting or acknowledgement has at most. */
    static final int ACK_WORDS = 6;
    /** Words a message with a design or reasoning cue needs to count as complex. */
    static final int CUE_WORDS = 25;
    /** Question marks from which a message counts as several questions. */
    static final int MANY_QUESTIONS = 3;
    /** Words a follow-up to a complex turn has at most to stay complex. */
    static final int FOLLOW_UP_WORDS = 40;
    /** Words a short plain question or request has at most. */
    static final int SHORT_WORDS = 12;

    private static final Set<String> ACK_WORDS_SET = Set.of("hi", "hello", "hey", "hiya", "yo", "morning", "evening",
            "good", "night", "afternoon", "thanks", "thank", "you", "thx", "ty", "cheers", "ok", "okay", "k", "kk", "cool",
            "great", "nice", "perfect", "awesome", "sure", "yes", "yep", "yeah", "no", "nope", "got", "it", "bye", "goodbye",
            "see", "later", "lol", "haha", "fine", "alright", "right", "understood", "noted", "done", "much", "so", "a",
            "lot", "very", "sounds", "that", "works", "for", "now", "np", "welcome", "there", "all", "again", "gn", "gm", "helps",
            "helpful", "makes", "sense", "will", "do", "exactly", "indeed", "wow", "oh", "ah", "i");
    /** Words that must appear for a message to be an acknowledgement (not just "so a lot"). */
    private static final Set<String> ACK_HEADS = Set.of("hi", "hello", "hey", "hiya", "yo", "morning", "evening", "night",
            "afternoon", "good", "thanks", "thank", "thx", "ty", "cheers", "ok", "okay", "k", "kk", "cool", "great", "nice", "perfect",
            "awesome", "sure", "yes", "yep", "yeah", "no", "nope", "got", "bye", "goodbye", "later", "lol", "haha", "fine",
            "alright", "understood", "noted", "done", "np", "gn", "gm");
    private static final Pattern CUES = Pattern.compile("\\b(design\\w*|architect\\w*|trade-?offs?|compare|comparison|pros and cons"
            + "|strateg\\w+|refactor\\w*|debug\\w*|optimi[sz]\\w*|prove|proof|analy[sz]\\w*|evaluate|step by step|in depth"
            + "|migrat\\w+|scal(?:e|able|ability|ing)|implement\\w*|algorithm\\w*|concurren\\w+|security|threat model)\\b");
    private static final Pattern DEEP_QUESTION = Pattern.compile("\\b(why|how|explain|elaborate|describe)\\b");
    private static final Pattern STACK_TRACE = Pattern.compile("(?m)^\\s*at [\\w.$]+\\([^)]*\\)\\s*$|Traceback \\(most recent call last\\)"
            + "|Exception in thread|panicked at");
    private static final Pattern CODE_LINE = Pattern.compile("(?m)^\\s*(?:[{}]|.*[;{}]\\s*$|(?:def|class|import|from|#include|package"
            + "|public|private|fn|func|let|const|var|return|if|for|while)\\b.*[(:=<{].*|\\$ \\S+.*|SELECT\\b.*|[\\w.]+\\s*=\\s*[^=].*;?)$");

    private TierClassifier() {}

    /**
     * Returns the tier of {@code text}.
     *
     * @param previous the tier of the session's previous turn when it was recent, else null
     */
    static Tier classify(String text, Tier previous) {
        return decide(text, previous).tier();
    }

    /** A tier with the rule that chose it (for logs and tests). */
    record Verdict(Tier tier, String rule) {}

    static Verdict decide(String text, Tier previous) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        String[] words = lower.isEmpty() ? new String[0] : lower.split("\\s+");
        if (looksLikeCode(t)) return new Verdict(Tier.COMPLEX, "code");
        if (words.length >= LONG_WORDS || t.length() >= LONG_CHARS) return new Verdict(Tier.COMPLEX, "long");
        if (words.length <= ACK_WORDS && acknowledgement(lower)) return new Verdict(Tier.SIMPLE, "greeting");
        if (words.length >= CUE_WORDS && CUES.matcher(lower).find()) return new Verdict(Tier.COMPLEX, "design");
        if (count(t, '?') >= MANY_QUESTIONS) return new Verdict(Tier.COMPLEX, "questions");
        if (previous == Tier.COMPLEX && words.length <= FOLLOW_UP_WORDS) return new Verdict(Tier.COMPLEX, "follow-up");
        if (words.length <= SHORT_WORDS && !DEEP_QUESTION.matcher(lower).find()) return new Verdict(Tier.SIMPLE, "short");
        return new Verdict(Tier.STANDARD, "default");
    }

    private static boolean looksLikeCode(String t) {
        if (t.contains("```") || STACK_TRACE.matcher(t).find()) return true;
        int lines = 0;
        for (String line : t.split("\n")) {
            if (line.isBlank() || !CODE_LINE.matcher(line).matches()) continue;
            if (++lines >= CODE_LINES) return true;
        }
        return false;
    }

    /** True when every word is a greeting or acknowledgement word and at least one is a head word. */
    private static boolean acknowledgement(String lower) {
        String[] parts = lower.replaceAll("[^\\p{L}\\p{N}\\s'-]", " ").strip().split("\\s+");
        boolean head = false;
        for (String w : parts) {
            if (w.isEmpty()) continue;
            if (!ACK_WORDS_SET.contains(w)) return false;
            head |= ACK_HEADS.contains(w);
        }
        // only emoji or punctuation ("👍", "!!"): an acknowledgement too
        return head || lower.replaceAll("[\\p{L}\\p{N}]", "").length() == lower.length();
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == c) n++;
        return n;
    }
}
