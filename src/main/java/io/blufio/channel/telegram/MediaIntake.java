package io.blufio.channel.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.agent.Attachment;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a photo, document or voice note of a Telegram message into what the agent takes: a picture as an
 * {@link Attachment} beside the caption; a PDF's or a text file's text inside the message; a voice note as an
 * attachment the turn transcribes. Or it refuses with a short reply saying why and what would work.
 *
 * <p>Safety: sizes are checked before any download, first against {@code file_size} in the update, then
 * against {@code file_size} from {@code getFile}, and the download itself stops one byte past the cap. The
 * type is read from the bytes ({@link Magic}), never from the file name or the sender's {@code mime_type}.
 * Runs on the poll thread before the update's offset is confirmed, so an accepted file is in the inbox
 * before Telegram forgets the update; a failed download is answered and the update counts as handled.
 */
final class MediaIntake {
    private static final Logger log = LoggerFactory.getLogger(MediaIntake.class);
    /** The message fields handled here. */
    static final List<String> HANDLED = List.of("photo", "document", "voice");
    /** What documents are read; part of every refusal of a document. */
    static final String SUPPORTED = "I can read PDF and plain-text documents (text, Markdown, CSV, JSON), pictures and voice notes.";
    /** The reply to a voice note while {@code [transcription]} is not configured. */
    static final String VOICE_OFF = "I cannot listen to voice notes yet: transcription is not configured (the operator sets"
            + " [transcription] base_url in blufio.toml). Please send your message as text.";

    /** What became of one message's media. */
    sealed interface Outcome {
        /** Accepted: {@code content} is the text of the message (caption, document text), {@code media} its attachments. */
        record Accepted(String content, List<Attachment> media) implements Outcome {}

        /** Refused: {@code reply} is sent to the chat; nothing reaches the agent. */
        record Refused(String reply) implements Outcome {}
    }

    /** A refusal found while fetching, carrying the reply. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String reply) {
            super(reply, null, false, false);
        }
    }

    private final BotApi api;
    private final MediaPolicy policy;

    MediaIntake(BotApi api, MediaPolicy policy) {
        this.api = api;
        this.policy = policy;
    }

    /** Returns true when {@code message} has a photo, document or voice note. */
    static boolean handles(JsonNode message) {
        return HANDLED.stream().anyMatch(message::has);
    }

    /** Handles the photo, document or voice note of {@code message}. */
    Outcome take(JsonNode message) {
        String caption = message.path("caption").asText("");
        try {
            if (message.has("photo")) return photo(message.path("photo"), caption);
            if (message.has("document")) return document(message.path("document"), caption);
            return voice(message.path("voice"), caption);
        } catch (Refusal r) {
            return new Outcome.Refused(r.getMessage());
        }
    }

    private Outcome photo(JsonNode sizes, String caption) throws Refusal {
        // PhotoSize (https://core.telegram.org/bots/api#photosize): the biggest one under the cap
        JsonNode best = null;
        long smallest = Long.MAX_VALUE;
        for (JsonNode s : sizes) {
            long size = s.path("file_size").asLong(0);
            smallest = Math.min(smallest, size);
            if (size > policy.maxPhotoBytes()) continue;
            if (best == null || pixels(s) > pixels(best)) best = s;
        }
        if (best == null) {
            throw new Refusal("That picture is too large for me (" + mb(smallest) + "; the limit is " + mb(policy.maxPhotoBytes())
                    + ", telegram.max_photo_bytes).");
        }
        byte[] bytes = fetch(best.path("file_id").asText(), best.path("file_size").asLong(0), policy.maxPhotoBytes(), "telegram.max_photo_bytes");
        String mime = Magic.of(bytes);
        if (!Magic.isImage(mime)) throw new Refusal("That photo is not a picture I can read (its bytes look like " + mime + ").");
        return new Outcome.Accepted(caption, List.of(new Attachment(Attachment.IMAGE, mime, best.path("width").asInt(0),
                best.path("height").asInt(0), bytes)));
    }

    private Outcome document(JsonNode doc, String caption) throws Refusal {
        String name = doc.path("file_name").asText("document");
        long declared = doc.path("file_size").asLong(0);
        byte[] bytes = fetch(doc.path("file_id").asText(), declared, policy.maxDocumentBytes(), "telegram.max_document_bytes");
        String mime = Magic.of(bytes);
        String text;
        if (Magic.PDF.equals(mime)) {
            try {
                text = PdfText.extract(bytes, policy.maxDocumentChars());
            } catch (IOException e) {
                throw new Refusal("I could not read the text of " + name + " (" + e.getMessage() + ").");
            }
            if (text.isBlank()) throw new Refusal(name + " has no text I can read (it may be scanned pages); send the pages as pictures instead.");
        } else if (Magic.TEXT.equals(mime)) {
            text = Magic.text(bytes);
        } else if (Magic.isImage(mime) && bytes.length <= policy.maxPhotoBytes()) {
            return new Outcome.Accepted(caption, List.of(new Attachment(Attachment.IMAGE, mime, 0, 0, bytes)));
        } else {
            throw new Refusal("I cannot read " + name + " (its bytes look like " + mime + "). " + SUPPORTED);
        }
        return new Outcome.Accepted(documentMessage(caption, name, mime, text, policy.maxDocumentChars()), List.of());
    }

    /**
     * Returns the message text for a document: the caption, then the text inside {@code <document>} tags,
     * cut at {@code maxChars} characters with a note saying so.
     */
    static String documentMessage(String caption, String name, String mime, String text, int maxChars) {
        boolean cut = text.length() > maxChars;
        String body = cut ? text.substring(0, maxChars) : text;
        StringBuilder sb = new StringBuilder();
        if (!caption.isBlank()) sb.append(caption.strip()).append("\n\n");
        sb.append("<document name=\"").append(name.replace("\"", "'")).append("\" type=\"").append(mime).append("\">\n")
                .append(body.strip()).append("\n</document>");
        if (cut) {
            sb.append("\n[The document was cut: only its first ").append(String.format(Locale.ROOT, "%,d", maxChars))
                    .append(" characters are shown (agent.max_document_chars); it has more.]");
        }
        return sb.toString();
    }

    private Outcome voice(JsonNode voice, String caption) throws Refusal {
        if (!policy.transcription()) throw new Refusal(VOICE_OFF);
        byte[] bytes = fetch(voice.path("file_id").asText(), voice.path("file_size").asLong(0), policy.maxDocumentBytes(),
                "telegram.max_document_bytes");
        String mime = Magic.of(bytes);
        if (!Magic.isAudio(mime)) throw new Refusal("That voice note is not audio I can send for transcription (its bytes look like " + mime + ").");
        return new Outcome.Accepted(caption, List.of(new Attachment(Attachment.VOICE, mime, 0, 0, bytes)));
    }

    /**
     * Returns the bytes of {@code fileId}: refused before {@code getFile} when the update's size is over
     * {@code cap}, before the download when {@code getFile}'s is, and during it one byte past the cap.
     */
    private byte[] fetch(String fileId, long declared, int cap, String key) throws Refusal {
        if (declared > cap) throw tooLarge(declared, cap, key);
        JsonNode file;
        try {
            file = api.getFile(fileId);
        } catch (BotApiException e) {
            if (e.status() == 400 && e.getMessage().toLowerCase(Locale.ROOT).contains("too big")) {
                throw new Refusal("That file is too large: Telegram lets bots download files of up to 20 MB only.");
            }
            log.warn("telegram: getFile failed: {}", e.getMessage());
            throw new Refusal("I could not fetch that file from Telegram (" + e.getMessage() + "); please send it again.");
        }
        long size = file.path("file_size").asLong(0);
        if (size > cap) throw tooLarge(size, cap, key);
        String path = file.path("file_path").asText("");
        if (path.isEmpty()) throw new Refusal("Telegram did not give me that file (no file_path); please send it again.");
        try {
            return api.download(path, cap);
        } catch (BotApiException e) {
            if (e.tooLarge()) throw tooLarge(cap + 1L, cap, key);
            log.warn("telegram: file download failed: {}", e.getMessage());
            throw new Refusal("I could not fetch that file from Telegram (" + e.getMessage() + "); please send it again.");
        }
    }

    private static Refusal tooLarge(long size, int cap, String key) {
        return new Refusal("That file is too large for me (" + mb(size) + "; the limit is " + mb(cap) + ", " + key + ").");
    }

    private static long pixels(JsonNode s) {
        return s.path("width").asLong(0) * s.path("height").asLong(0);
    }

    /** Returns {@code bytes} as megabytes with one decimal, e.g. {@code 20.0 MB}. */
    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
