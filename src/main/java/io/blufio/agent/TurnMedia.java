package io.blufio.agent;

import io.blufio.llm.ChatMessage;
import io.blufio.llm.ContentBlock;
import io.blufio.llm.LlmError;
import io.blufio.llm.LlmException;
import io.blufio.llm.Transcriber;
import io.blufio.store.InboxItem;
import io.blufio.store.Media;
import io.blufio.store.MediaStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The media of one turn: its pictures as image blocks (bytes attached for this turn's calls) and the
 * transcript of its voice note. A turn without media costs one indexed read of {@code inbox_media}.
 *
 * @param images image blocks with their bytes, in the order sent
 * @param transcript the voice note's text, or null when there was none
 */
record TurnMedia(List<ContentBlock> images, String transcript) {
    /** Leads a transcript in the stored user message, so the model knows the words were spoken. */
    static final String VOICE_PREFIX = "(voice note, transcribed) ";
    /** The turn's answer when a voice note arrives and {@code [transcription]} is not configured. */
    static final String NO_TRANSCRIPTION = "I cannot listen to voice notes: transcription is not configured"
            + " (set [transcription] base_url, and api_key if the server needs one). Please send your message as text.";

    /**
     * Reads the media of {@code item}; a voice note is transcribed here.
     *
     * @throws AgentException {@code transcription_off} for a voice note without a transcriber
     * @throws LlmException when the transcription call fails
     */
    static TurnMedia of(InboxItem item, MediaStore store, Transcriber transcriber) {
        List<Media> media = store.ofInbox(item.id());
        if (media.isEmpty()) return new TurnMedia(List.of(), null);
        List<ContentBlock> images = new ArrayList<>();
        StringBuilder transcript = null;
        for (Media m : media) {
            if (Media.IMAGE.equals(m.kind())) {
                images.add(new ContentBlock.Image(m.sha256(), m.mime(), m.width(), m.height(), m.data()));
            } else if (Media.VOICE.equals(m.kind())) {
                if (transcriber == null) throw new AgentException("transcription_off", NO_TRANSCRIPTION);
                String said = transcriber.transcribe(m.data(), m.mime());
                transcript = transcript == null ? new StringBuilder(said) : transcript.append("\n").append(said);
            }
        }
        return new TurnMedia(images, transcript == null ? null : transcript.toString());
    }

    /** Returns the user message as stored: the text, then the pictures by reference (no bytes). */
    static ChatMessage stored(String text, List<ContentBlock> images) {
        if (images.isEmpty()) return ChatMessage.user(text);
        List<ContentBlock> blocks = new ArrayList<>();
        blocks.add(new ContentBlock.Text(text));
        for (ContentBlock b : images) blocks.add(b instanceof ContentBlock.Image i ? i.withData(null) : b);
        return new ChatMessage(io.blufio.llm.Role.USER, blocks);
    }

    /** Returns how a transcript is shown to the user at the head of the answer. */
    static String shown(String transcript) {
        return "🎤 “" + transcript + "”";
    }

    /**
     * Returns true when {@code e} is a provider refusing pictures: an HTTP 400 (or other refusal) whose
     * message speaks of images, as OpenAI ("image input is not supported"), Ollama, vLLM and Anthropic word it.
     */
    static boolean imageRefusal(LlmException e) {
        if (e.error() != LlmError.REQUEST_REFUSED && e.error() != LlmError.HISTORY_INVALID) return false;
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("image") || m.contains("vision") || m.contains("multimodal") || m.contains("image_url");
    }

    /** Returns true when a message of {@code convo} carries picture bytes. */
    static boolean hasImageData(List<ChatMessage> convo) {
        return convo.stream().anyMatch(m -> m.content().stream().anyMatch(b -> b instanceof ContentBlock.Image i && i.hasData()));
    }

    /** Returns {@code convo} with every picture's bytes removed (each is then sent as its note). */
    static List<ChatMessage> withoutImageData(List<ChatMessage> convo) {
        List<ChatMessage> out = new ArrayList<>(convo.size());
        for (ChatMessage m : convo) {
            List<ContentBlock> blocks = new ArrayList<>(m.content().size());
            for (ContentBlock b : m.content()) blocks.add(b instanceof ContentBlock.Image i ? i.withData(null) : b);
            out.add(new ChatMessage(m.role(), blocks));
        }
        return out;
    }

    /** Returns the turn's error when the model refuses the picture just sent: code {@code image_unsupported}. */
    static AgentException unsupported(LlmException e, String model) {
        return new AgentException("image_unsupported", "The model " + model + " does not take pictures (the provider said: "
                + e.getMessage() + "). Send your question as text, or set a model that reads images in llm.<provider>.model.", e);
    }
}
