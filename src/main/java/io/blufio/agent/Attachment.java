package io.blufio.agent;

/**
 * A picture or voice note a channel hands to the agent with a message ({@link Inbound#media()}). The agent
 * stores it once, by the SHA-256 of its bytes, in the same commit as the inbox row.
 *
 * @param kind {@link #IMAGE} or {@link #VOICE}
 * @param mime the type the channel read from the bytes' magic numbers ({@code image/jpeg}, {@code audio/ogg}, ...)
 * @param width pixels (images; 0 when unknown)
 * @param height pixels (images; 0 when unknown)
 * @param data the bytes, already bounded by the channel's size limit
 */
public record Attachment(String kind, String mime, int width, int height, byte[] data) {
    /** A picture, sent to the model as an image block. */
    public static final String IMAGE = io.blufio.store.Media.IMAGE;
    /** A voice note, transcribed before the turn ({@code [transcription]}). */
    public static final String VOICE = io.blufio.store.Media.VOICE;

    public Attachment {
        if (!IMAGE.equals(kind) && !VOICE.equals(kind)) throw new IllegalArgumentException("attachment kind must be image or voice, got " + kind);
        if (data == null || data.length == 0) throw new IllegalArgumentException("an attachment needs its bytes");
    }

    @Override
    public String toString() {
        return "Attachment[" + kind + ", " + mime + ", " + data.length + " bytes]";
    }
}
