package io.blufio.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.config.AnthropicConfig;
import io.blufio.config.LlmConfig;
import io.blufio.config.LlmProvider;
import io.blufio.config.OpenAiConfig;
import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.fixtures.FakeOpenAiServer;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pictures on the wire of both adapters, and their token estimate when a server reports no usage. */
final class ImageBlocksTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8};

    private static ChatRequest withPicture(byte[] data) {
        ChatMessage m = new ChatMessage(Role.USER, List.of(new ContentBlock.Text("what is this?"),
                new ContentBlock.Image("abc123", "image/png", 1280, 960, data)));
        return new ChatRequest("sys", List.of(m), List.of());
    }

    @Test
    void openAi_sendsContentPartsWithAnImageUrlDataUrl() {
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            server.enqueueText("a png");
            var cfg = new OpenAiConfig(server.url(), FakeOpenAiServer.API_KEY, "gpt-test", 512);
            new OpenAiProvider(new LlmConfig(LlmProvider.OPENAI, 30, 0, null, cfg), d -> { }, new Random(1)).chat(withPicture(PNG), StreamListener.NONE);
            JsonNode parts = server.lastRequest().body().path("messages").get(1).path("content");
            assertThat(parts.get(0).path("type").asText()).isEqualTo("text");
            assertThat(parts.get(0).path("text").asText()).isEqualTo("what is this?");
            assertThat(parts.get(1).path("type").asText()).isEqualTo("image_url");
            assertThat(parts.get(1).path("image_url").path("url").asText())
                    .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG));
        }
    }

    @Test
    void anthropic_pictureWithoutBytes_isSentAsItsNote() {
        try (FakeAnthropicServer server = new FakeAnthropicServer()) {
            server.enqueueText("ok");
            var cfg = new AnthropicConfig(server.url(), FakeAnthropicServer.API_KEY, "claude-test", 512, false);
            new AnthropicProvider(new LlmConfig(LlmProvider.ANTHROPIC, 30, 0, cfg, null), d -> { }, new Random(1))
                    .chat(withPicture(null), StreamListener.NONE);
            JsonNode content = server.lastRequest().body().path("messages").get(0).path("content");
            assertThat(content.get(1).path("type").asText()).isEqualTo("text");
            assertThat(content.get(1).path("text").asText()).startsWith("[The user sent a picture here (image/png, 1280x960 px)");
        }
    }

    @Test
    void missingUsage_picturesAreEstimatedByAnthropicsRule_notByTheirBase64Size() {
        byte[] big = new byte[3_000_000];
        System.arraycopy(PNG, 0, big, 0, PNG.length);
        try (FakeAnthropicServer server = new FakeAnthropicServer()) {
            server.omitUsage(true).enqueueText("ok");
            var cfg = new AnthropicConfig(server.url(), FakeAnthropicServer.API_KEY, "claude-test", 512, false);
            ChatResult r = new AnthropicProvider(new LlmConfig(LlmProvider.ANTHROPIC, 30, 0, cfg, null), d -> { }, new Random(1))
                    .chat(withPicture(big), StreamListener.NONE);
            long picture = new ContentBlock.Image("x", "image/png", 1280, 960, null).estimatedTokens();
            assertThat(picture).isEqualTo(1533);  // 1280x960 is 1.23 MP: scaled to 1.15 MP first, then / 750
            assertThat(r.usage().estimated()).isTrue();
            assertThat(r.usage().inputTokens()).isBetween(picture, picture + 200);  // plus the text and JSON framing
        }
    }

    @Test
    void estimatedTokens_scalesLargePicturesDownFirst_andGuessesForUnknownSizes() {
        assertThat(new ContentBlock.Image("x", "image/jpeg", 4000, 3000, null).estimatedTokens()).isBetween(1500L, 1534L);
        assertThat(new ContentBlock.Image("x", "image/jpeg", 200, 200, null).estimatedTokens()).isEqualTo(53);
        assertThat(new ContentBlock.Image("x", "image/jpeg", 1000, 750, null).estimatedTokens()).isEqualTo(1000);  // within both bounds
        assertThat(new ContentBlock.Image("x", "image/jpeg", 0, 0, null).estimatedTokens()).isEqualTo(ContentBlock.Image.UNKNOWN_SIZE_TOKENS);
    }
}
