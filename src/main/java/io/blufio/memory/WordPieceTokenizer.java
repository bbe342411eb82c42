package io.blufio.memory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT's WordPiece tokenizer, in Java, exactly as all-MiniLM-L6-v2's {@code tokenizer.json} configures the
 * HuggingFace tokenizers library: {@code BertNormalizer} (clean text, isolate CJK ideographs, strip accents,
 * lowercase), {@code BertPreTokenizer} (split at whitespace, isolate punctuation), {@code WordPiece} (greedy
 * longest match first, {@code ##} continuation, {@code [UNK]} for a word over {@code max_input_chars_per_word}
 * code points or with no match), then truncation to {@code truncation.max_length} tokens including
 * {@code [CLS]} and {@code [SEP]}.
 *
 * <p>It replaces the HuggingFace library's Rust build (through DJL's JNI wrapper), which normalises and splits
 * the whole text in native memory before truncating: about 20 MB of native allocations for a short sentence
 * and a few hundred MB for a 1 MiB message. This one reads the text only until the token limit is reached, so
 * its cost is bounded by {@code max_length}, whatever the text's length.
 *
 * <p>Sources: https://github.com/huggingface/tokenizers ({@code normalizers/bert.rs},
 * {@code pre_tokenizers/bert.rs}, {@code models/wordpiece/mod.rs}) and
 * https://github.com/google-research/bert ({@code tokenization.py}). Character classes follow the JDK's
 * Unicode tables; the Rust library uses the older tables of its {@code unicode_categories} crate, so
 * characters assigned since then (new emoji, for one) may tokenise differently. Thread-safe once built.
 */
final class WordPieceTokenizer {
    /** Continuation prefix of a word piece that does not start a word. */
    private static final String CONTINUE = "##";

    private final Vocabulary vocab;
    private final int unk;
    private final int cls;
    private final int sep;
    private final int maxCharsPerWord;
    private final int maxTokens;

    WordPieceTokenizer(Map<String, Integer> vocab, int maxCharsPerWord, int maxTokens) {
        this.vocab = Vocabulary.of(vocab);
        this.unk = id("[UNK]");
        this.cls = id("[CLS]");
        this.sep = id("[SEP]");
        if (maxTokens < 3) throw new IllegalArgumentException("max tokens must leave room for [CLS] and [SEP], got " + maxTokens);
        this.maxCharsPerWord = maxCharsPerWord;
        this.maxTokens = maxTokens;
    }

    private int id(String token) {
        int id = vocab.id(token);
        if (id < 0) throw new IllegalArgumentException("the vocabulary has no " + token + " token");
        return id;
    }

    /**
     * Reads a HuggingFace {@code tokenizer.json} of a BERT WordPiece model (streamed: the 30,522-entry
     * vocabulary is the only thing kept). Refuses a file whose normaliser, pre-tokeniser or model is not the
     * BERT one this class implements, rather than tokenising differently from the model's training.
     *
     * @throws IOException when the file is unreadable or not such a tokenizer
     */
    static WordPieceTokenizer read(InputStream json) throws IOException {
        Map<String, Integer> vocab = new HashMap<>(40_000);
        int maxChars = 100;
        int maxTokens = 512;
        String normalizer = null;
        String preTokenizer = null;
        String model = null;
        boolean lowercase = false;
        try (JsonParser p = new JsonFactory().createParser(json)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "truncation" -> {
                        if (value == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String f = p.currentName();
                                p.nextToken();
                                if (f.equals("max_length")) maxTokens = p.getIntValue();
                                else p.skipChildren();
                            }
                        }
                    }
                    case "normalizer" -> {
                        Map<String, String> n = flatObject(p);
                        normalizer = n.get("type");
                        lowercase = "true".equals(n.get("lowercase"));
                        expect("true".equals(n.get("clean_text")) && "true".equals(n.get("handle_chinese_chars"))
                                && (n.get("strip_accents") == null || n.get("strip_accents").equals(n.get("lowercase"))),
                                "unsupported BertNormalizer options " + n);
                    }
                    case "pre_tokenizer" -> preTokenizer = flatObject(p).get("type");
                    case "model" -> {
                        expect(value == JsonToken.START_OBJECT, "model is not an object");
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            switch (f) {
                                case "type" -> model = p.getText();
                                case "max_input_chars_per_word" -> maxChars = p.getIntValue();
                                case "continuing_subword_prefix" -> expect(CONTINUE.equals(p.getText()), "unsupported prefix " + p.getText());
                                case "unk_token" -> expect("[UNK]".equals(p.getText()), "unsupported unknown token " + p.getText());
                                case "vocab" -> {
                                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                                        String token = p.currentName();
                                        p.nextToken();
                                        vocab.put(token, p.getIntValue());
                                    }
                                }
                                default -> p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("malformed tokenizer JSON: " + e.getMessage(), e);
        }
        expect("BertNormalizer".equals(normalizer) && lowercase, "normalizer is " + normalizer + ", not a lowercasing BertNormalizer");
        expect("BertPreTokenizer".equals(preTokenizer), "pre-tokenizer is " + preTokenizer + ", not BertPreTokenizer");
        expect("WordPiece".equals(model) && !vocab.isEmpty(), "model is " + model + ", not WordPiece with a vocabulary");
        try {
            return new WordPieceTokenizer(vocab, maxChars, maxTokens);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Reads an object of scalar fields (nested values skipped) as text; null for a JSON null. */
    private static Map<String, String> flatObject(JsonParser p) throws IOException {
        Map<String, String> out = new HashMap<>();
        if (p.currentToken() != JsonToken.START_OBJECT) return out;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if (v.isStructStart()) p.skipChildren();
            else out.put(f, v == JsonToken.VALUE_NULL ? null : p.getText());
        }
        return out;
    }

    private static void expect(boolean ok, String problem) throws IOException {
        if (!ok) throw new IOException("not the BERT WordPiece tokenizer blufio implements: " + problem);
    }

    /** Returns the longest sequence this tokenizer produces, {@code [CLS]} and {@code [SEP]} included. */
    int maxTokens() {
        return maxTokens;
    }

    /**
     * Returns the token ids of {@code text}: {@code [CLS]}, its first {@code maxTokens - 2} word pieces,
     * {@code [SEP]}. Reads only as much of the text as those word pieces need.
     */
    long[] encode(String text) {
        List<Integer> ids = new ArrayList<>(Math.min(maxTokens, 64));
        ids.add(cls);
        int limit = maxTokens - 1;  // room left for [SEP]
        StringBuilder word = new StringBuilder();
        int i = 0;
        while (i < text.length() && ids.size() < limit) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) continue;  // clean_text: dropped
            if (isWhitespace(cp)) {
                flushWord(word, ids, limit);
            } else if (isChinese(cp)) {                                // handle_chinese_chars: a word of its own
                flushWord(word, ids, limit);
                word.appendCodePoint(cp);
                flushWord(word, ids, limit);
            } else {
                word.appendCodePoint(cp);
            }
        }
        flushWord(word, ids, limit);
        long[] out = new long[ids.size() + 1];
        for (int k = 0; k < ids.size(); k++) out[k] = ids.get(k);
        out[ids.size()] = sep;
        return out;
    }

    /** Normalises one whitespace-free run, splits it at punctuation and appends its word pieces; clears it. */
    private void flushWord(StringBuilder raw, List<Integer> ids, int limit) {
        if (raw.isEmpty()) return;
        String nfd = Normalizer.normalize(raw, Normalizer.Form.NFD);
        raw.setLength(0);
        StringBuilder piece = new StringBuilder(nfd.length());
        for (int i = 0; i < nfd.length() && ids.size() < limit; ) {
            int cp = nfd.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.NON_SPACING_MARK) continue;  // strip_accents
            // lowercase: per code point (HuggingFace maps each char alone, no final-sigma context); the one
            // unconditional multi-char lowercase mapping, U+0130, cannot occur after NFD
            cp = Character.toLowerCase(cp);
            if (isPunctuation(cp)) {
                wordPieces(piece, ids, limit);
                piece.appendCodePoint(cp);
                wordPieces(piece, ids, limit);
            } else {
                piece.appendCodePoint(cp);
            }
        }
        wordPieces(piece, ids, limit);
    }

    /** WordPiece of one pre-token (greedy longest match first), truncated at {@code limit} ids; clears it. */
    private void wordPieces(StringBuilder word, List<Integer> ids, int limit) {
        if (word.isEmpty()) return;
        String w = word.toString();
        word.setLength(0);
        int mark = ids.size();
        if (!matchPieces(w, ids)) {  // too long, or no piece fits somewhere: the whole word is unknown
            while (ids.size() > mark) ids.remove(ids.size() - 1);
            ids.add(unk);
        }
        while (ids.size() > limit) ids.remove(ids.size() - 1);  // truncation may cut a word
    }

    private boolean matchPieces(String w, List<Integer> ids) {
        if (w.codePointCount(0, w.length()) > maxCharsPerWord) return false;
        int start = 0;
        while (start < w.length()) {
            int end = w.length();
            int match = -1;
            while (start < end) {
                match = vocab.id(start > 0 ? CONTINUE : "", w, start, end);
                if (match >= 0) break;
                end = w.offsetByCodePoints(end, -1);
            }
            if (match < 0) return false;
            ids.add(match);
            start = end;
        }
        return true;
    }

    /** Rust's {@code char::is_whitespace} (the Unicode White_Space property), as the normaliser uses it. */
    static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x85 || cp == 0xA0
                || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
                || cp == 0x205F || cp == 0x3000;
    }

    /** The normaliser's control characters: Unicode categories Cc, Cf, Cn, Co, Cs, except tab, newline, return. */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') return false;
        int t = Character.getType(cp);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.UNASSIGNED
                || t == Character.PRIVATE_USE || t == Character.SURROGATE;
    }

    /** The pre-tokeniser's punctuation: ASCII punctuation (symbols such as $ + < = > ^ ` | ~ too) or Unicode P*. */
    static boolean isPunctuation(int cp) {
        if (cp < 128) return (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126);
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** The CJK ideograph blocks of the normaliser's {@code is_chinese_char} (ranges as in HuggingFace's bert.rs). */
    static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
