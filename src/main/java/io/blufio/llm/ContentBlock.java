package io.blufio.llm;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * One block of a message's content, in the provider-neutral shape blufio stores and replays. The JSON
 * form (used in the {@code messages} table) follows the Anthropic Messages API content blocks:
 * {@code {"type":"text","text":...}}, {@code {"type":"tool_use","id","name","input"}},
 * {@code {"type":"tool_result","tool_use_id","content","is_error"}}, and blufio's own
 * {@code {"type":"image","media","media_type","width","height"}}, which refers to a stored picture by the
 * SHA-256 of its bytes instead of holding them, so history rows stay small.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ContentBlock.Text.class, name = "text"),
    @JsonSubTypes.Type(value = ContentBlock.ToolUse.class, name = "tool_use"),
    @JsonSubTypes.Type(value = ContentBlock.ToolResult.class, name = "tool_result"),
    @JsonSubTypes.Type(value = ContentBlock.Image.class, name = "image")
})
public sealed interface ContentBlock {

    /** Plain text. */
    record Text(String text) implements ContentBlock {}

    /**
     * A tool call by the model.
     *
     * @param id the provider's call id, echoed by the matching {@link ToolResult}
     * @param name tool name
     * @param input arguments as a JSON object text, e.g. {@code {"timezone":"UTC"}}; stored and shown as
     *     that object ({@link ToolInputJson}), so its text is escaped once, not twice
     */
    record ToolUse(String id, String name,
            @JsonSerialize(using = ToolInputJson.Writer.class) @JsonDeserialize(using = ToolInputJson.Reader.class) String input)
            implements ContentBlock {}

    /**
     * The result of a tool call, sent back in the next user message.
     *
     * @param toolUseId id of the {@link ToolUse} answered
     * @param content result text
     * @param isError true when the tool failed; the model sees the error text
     */
    record ToolResult(String toolUseId, String content, boolean isError) implements ContentBlock {}

    /**
     * A picture the user sent. Stored without its bytes; the agent attaches them ({@link #withData}) for the
     * turns that replay the picture, and the adapters send it as an Anthropic {@code image} block with a
     * base64 source (https://docs.anthropic.com/en/docs/build-with-claude/vision) or an OpenAI
     * {@code image_url} data URL (https://platform.openai.com/docs/guides/images-vision). Without bytes an
     * adapter sends {@link #note()} instead.
     *
     * @param media hex SHA-256 of the bytes: the key of the stored picture
     * @param mediaType {@code image/jpeg}, {@code image/png}, {@code image/gif} or {@code image/webp}, read from the bytes
     * @param width pixels (0 when unknown)
     * @param height pixels (0 when unknown)
     * @param data the bytes, or null; never stored in the history row
     */
    record Image(String media, String mediaType, int width, int height, @JsonIgnore byte[] data) implements ContentBlock {
        /** Returns this picture with its bytes attached. */
        public Image withData(byte[] bytes) {
            return new Image(media, mediaType, width, height, bytes);
        }

        /** Returns true when the bytes are attached. */
        public boolean hasData() {
            return data != null && data.length > 0;
        }

        /** Returns the short text that stands for the picture when its bytes are not sent. */
        public String note() {
            return "[The user sent a picture here (" + mediaType + (width > 0 ? ", " + width + "x" + height + " px" : "")
                    + "); it is not shown again to keep the conversation short.]";
        }

        /**
         * Returns the input tokens the picture costs by Anthropic's rule, {@code width * height / 750}, after the
         * provider's downscaling to at most {@link #MAX_EDGE_PX} on the long edge and {@link #MAX_PIXELS} in
         * all (https://docs.anthropic.com/en/docs/build-with-claude/vision#calculate-image-costs); OpenAI's
         * tile rule comes to a similar count for such sizes. {@link #UNKNOWN_SIZE_TOKENS} when the size is unknown.
         */
        public long estimatedTokens() {
            if (width <= 0 || height <= 0) return UNKNOWN_SIZE_TOKENS;
            double scale = Math.min(1.0, Math.min((double) MAX_EDGE_PX / Math.max(width, height),
                    Math.sqrt((double) MAX_PIXELS / ((double) width * height))));
            return Math.max(1, Math.round(width * scale * (height * scale) / 750.0));
        }

        /** The long edge a provider scales a picture down to: 1568 px. */
        public static final int MAX_EDGE_PX = 1568;
        /** The pixel count a provider scales a picture down to: 1.15 megapixels. */
        public static final long MAX_PIXELS = 1_150_000;
        /** Tokens estimated for a picture of unknown size: 1600, about the most one costs. */
        public static final long UNKNOWN_SIZE_TOKENS = 1600;

        @Override
        public boolean equals(Object o) {
            return o instanceof Image i && media.equals(i.media) && mediaType.equals(i.mediaType) && width == i.width
                    && height == i.height && java.util.Arrays.equals(data, i.data);
        }

        @Override
        public int hashCode() {
            return media.hashCode();
        }

        @Override
        public String toString() {
            return "Image[" + media + ", " + mediaType + ", " + width + "x" + height + (hasData() ? ", " + data.length + " bytes" : "") + "]";
        }
    }
}
