package io.blufio.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One answer as it streams in, whatever the wire protocol, and the rules that turn it into the outcome
 * {@link Provider#chat} promises ({@link #finish()}): a {@link ChatResult} with non-empty text and complete
 * tool calls, or an {@link LlmException} naming what the server did instead, carrying the tokens to bill.
 * The protocol parsers ({@link AnthropicProtocol}, {@link OpenAiProtocol}) only translate events into the
 * calls below; no outcome is decided there. One instance per attempt, used by one thread.
 */
final class StreamedAnswer {
    private static final Logger log = LoggerFactory.getLogger(StreamedAnswer.class);
    /** Longest refusal or error text quoted in a message, in characters. */
    private static final int MAX_QUOTED_CHARS = 300;

    private final Vendor vendor;
    private final StreamListener listener;
    private final long requestBytes;
    private final String idPrefix;
    /** Content blocks by the protocol's index (OpenAI's text uses -1 so it leads). */
    private final Map<Integer, Object> blocks = new TreeMap<>();
    private final StringBuilder refusal = new StringBuilder();
    private StopReason stop;
    private boolean ended;
    private String model;
    private Long input;
    private Long output;
    private Long cacheRead;
    private Long cacheWrite;
    private boolean emitted;

    /**
     * @param requestBytes size of the request body sent, for the input estimate when the server reports no usage
     * @param idPrefix prefix of tool call ids made up for servers that send none ({@code toolu_}, {@code call_})
     */
    StreamedAnswer(Vendor vendor, StreamListener listener, long requestBytes, String idPrefix) {
        this.vendor = vendor;
        this.listener = listener;
        this.requestBytes = requestBytes;
        this.idPrefix = idPrefix;
    }

    private static final class Text {
        final StringBuilder text = new StringBuilder();
    }

    private static final class Call {
        String id;
        String name;
        final StringBuilder args = new StringBuilder();
    }

    /** Appends streamed text to block {@code index} and passes it on to the listener. */
    void text(int index, String delta) {
        if (delta == null || delta.isEmpty()) return;
        Object b = blocks.computeIfAbsent(index, i -> new Text());
        if (!(b instanceof Text t)) throw protocol("text for block " + index + ", which is a tool call");
        t.text.append(delta);
        emitted = true;
        listener.onText(delta);
    }

    /** Sets (or completes) the id and name of tool call {@code index}; null parts are left as they are. */
    void toolCall(int index, String id, String name) {
        Object b = blocks.computeIfAbsent(index, i -> new Call());
        if (!(b instanceof Call c)) throw protocol("a tool call for block " + index + ", which is text");
        if (id != null && !id.isEmpty()) c.id = id;
        if (name != null && !name.isEmpty()) c.name = c.name == null ? name : c.name;
    }

    /** Appends a piece of the JSON arguments of tool call {@code index}. */
    void toolArgs(int index, String piece) {
        if (piece == null || piece.isEmpty()) return;
        toolCall(index, null, null);
        ((Call) blocks.get(index)).args.append(piece);
    }

    /** Appends refusal text (OpenAI {@code delta.refusal}); such an answer ends as {@link LlmError#REFUSED}. */
    void refusal(String piece) {
        if (piece != null) refusal.append(piece);
    }

    /** Records why the model stopped (the last one sent wins). */
    void stop(StopReason reason) {
        if (reason != null) stop = reason;
    }

    /** Returns the stop reason seen so far, or null. */
    StopReason stopReason() {
        return stop;
    }

    /** Marks the protocol's final event as seen: the answer is complete. */
    void ended() {
        ended = true;
    }

    /** Returns true once the final event was seen. */
    boolean isEnded() {
        return ended;
    }

    /** Records the model id the server names. */
    void model(String name) {
        if (name != null && !name.isBlank()) model = name;
    }

    /** Records reported token counts; null leaves a count as it was (later reports replace earlier ones). */
    void usage(Long inputTokens, Long outputTokens, Long cacheReadTokens, Long cacheWriteTokens) {
        if (inputTokens != null) input = inputTokens;
        if (outputTokens != null) output = outputTokens;
        if (cacheReadTokens != null) cacheRead = cacheReadTokens;
        if (cacheWriteTokens != null) cacheWrite = cacheWriteTokens;
    }

    /** Returns true once any text reached the listener (a retry would then repeat it). */
    boolean emitted() {
        return emitted;
    }

    /** Returns the model id the server named, or {@code fallback}. */
    String modelOr(String fallback) {
        return model == null ? fallback : model;
    }

    /**
     * Returns the outcome of a stream that ended without a transport error.
     *
     * @throws LlmException {@link LlmError#INCOMPLETE} (no final event), {@link LlmError#REFUSED},
     *     {@link LlmError#TRUNCATED}, {@link LlmError#EMPTY_ANSWER}, each carrying the usage to bill
     */
    ChatResult finish(String fallbackModel) {
        if (!ended) {
            throw incomplete("the answer stream from " + where() + " ended before its final event"
                    + (stop == null ? "" : " (after stop reason " + stop.wireName() + ")"), null);
        }
        List<ContentBlock> text = new ArrayList<>();
        List<ContentBlock.ToolUse> calls = new ArrayList<>();
        int n = 0;
        for (Object b : blocks.values()) {
            if (b instanceof Text t && !t.text.toString().isBlank()) {
                text.add(new ContentBlock.Text(t.text.toString()));
            } else if (b instanceof Call c) {
                n++;
                String id = c.id == null ? idPrefix + "blufio_" + n : c.id;
                String args = c.args.toString().isBlank() ? "{}" : c.args.toString();
                calls.add(new ContentBlock.ToolUse(id, c.name == null ? "" : c.name, args));
            }
        }
        Usage usage = reportedUsage(false);
        String name = vendor.displayName();
        if (stop == StopReason.REFUSAL || stop == StopReason.CONTENT_FILTER || !refusal.isEmpty()) {
            String why = !refusal.isEmpty() ? "the model refused: \"" + clip(refusal.toString()) + "\""
                    : stop == StopReason.REFUSAL ? "stop_reason refusal" : "finish_reason content_filter";
            throw new LlmException(LlmError.REFUSED, 200, name + " declined to answer (" + why + "); nothing of this"
                    + " answer is kept in the conversation: rephrase the message", null, usage);
        }
        if (stop == StopReason.MAX_TOKENS) {
            if (!calls.isEmpty()) {
                log.warn("{} answer cut off at max_tokens inside {} tool call(s) ({}): the calls are dropped, not run",
                        name, calls.size(), calls.stream().map(ContentBlock.ToolUse::name).toList());
            }
            if (text.isEmpty()) {
                throw new LlmException(LlmError.TRUNCATED, 200, name + "'s answer was cut off at the max_tokens limit ("
                        + vendor.configSection() + ".max_tokens) before any text" + (calls.isEmpty() ? "" : ", inside a tool call")
                        + ": raise " + vendor.configSection() + ".max_tokens or ask for less at once", null, usage);
            }
            return new ChatResult(new ChatMessage(Role.ASSISTANT, text), usage, modelOr(fallbackModel), StopReason.MAX_TOKENS);
        }
        List<ContentBlock> content = new ArrayList<>(text);
        content.addAll(calls);
        if (content.isEmpty()) {
            throw new LlmException(LlmError.EMPTY_ANSWER, 200, name + " sent an empty answer (no text, no tool call; stop"
                    + " reason " + (stop == null ? "none" : stop.wireName()) + "); nothing is stored: send the message again"
                    + " or rephrase it", null, usage);
        }
        StopReason effective = !calls.isEmpty() ? StopReason.TOOL_USE
                : stop == null || stop == StopReason.TOOL_USE ? StopReason.END_TURN : stop;
        return new ChatResult(new ChatMessage(Role.ASSISTANT, content), usage, modelOr(fallbackModel), effective);
    }

    /**
     * Returns the usage of an attempt that failed part-way, to bill: reported counts where there are some, the
     * larger of reported and estimated output (a cut stream reports too little), estimated input when none.
     */
    Usage billable() {
        return reportedUsage(true);
    }

    /** Returns an {@link LlmError#INCOMPLETE} error with the usage so far. */
    LlmException incomplete(String what, Throwable cause) {
        return new LlmException(LlmError.INCOMPLETE, 200, what + "; nothing of it is stored, the turn can be retried",
                cause, billable());
    }

    /** Returns an {@link LlmError#PROTOCOL} error: the server sent something the protocol does not allow. */
    LlmException protocol(String what) {
        return new LlmException(LlmError.PROTOCOL, 200, where() + " broke the " + vendor.displayName()
                + " streaming protocol (" + what + "); is " + vendor.configSection() + ".base_url a compatible server?",
                null, billable());
    }

    private Usage reportedUsage(boolean failed) {
        long answerBytes = TokenEstimate.utf8Length(refusal);
        for (Object b : blocks.values()) {
            if (b instanceof Text t) answerBytes += TokenEstimate.utf8Length(t.text);
            else if (b instanceof Call c) answerBytes += TokenEstimate.utf8Length(c.args) + (c.name == null ? 0 : c.name.length());
        }
        long cr = cacheRead == null ? 0 : cacheRead;
        long cw = cacheWrite == null ? 0 : cacheWrite;
        boolean estimated = false;
        long in;
        if (input == null || (input == 0 && cr == 0 && cw == 0)) {
            in = TokenEstimate.ofBytes(requestBytes);  // no request is free: a zero means the server did not count
            estimated = true;
        } else {
            in = input;
        }
        long out;
        long guess = TokenEstimate.ofBytes(answerBytes);
        if (output == null || (output == 0 && answerBytes > 0) || (failed && guess > output)) {
            out = guess;
            estimated = true;
        } else {
            out = output;
        }
        return new Usage(in, out, cr, cw, estimated);
    }

    private String where() {
        return vendor.displayName() + " at " + vendor.hostAndPort();
    }

    static String clip(String s) {
        String t = s.strip();
        return t.length() <= MAX_QUOTED_CHARS ? t : t.substring(0, MAX_QUOTED_CHARS) + "...";
    }
}
