package io.blufio.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.config.AnthropicConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * The Anthropic Messages API wire form (https://docs.anthropic.com/en/api/messages) and its streaming
 * events (https://docs.anthropic.com/en/api/messages-streaming): {@code message_start} (model, input and
 * cache usage), {@code content_block_start}/{@code _delta}/{@code _stop} ({@code text_delta},
 * {@code input_json_delta}), {@code message_delta} (stop reason, cumulative usage), {@code message_stop},
 * {@code ping}, and {@code error} ({@code {"type":"error","error":{"type","message"}}}). Unknown events and
 * block types (thinking, server tools) are skipped, as the documentation asks of clients. A picture with its
 * bytes is an {@code image} block with a {@code base64} source (https://docs.anthropic.com/en/docs/build-with-claude/vision).
 */
final class AnthropicProtocol implements StreamingCall.Protocol {
    /** The API version sent in {@code anthropic-version}. */
    static final String API_VERSION = "2023-06-01";

    private final AnthropicConfig cfg;
    private final URI messagesUrl;
    private final Duration requestTimeout;
    private final ProviderFailures failures;

    AnthropicProtocol(AnthropicConfig cfg, Duration requestTimeout, ProviderFailures failures) {
        this.cfg = cfg;
        this.messagesUrl = URI.create(messagesRoot(cfg.baseUrl()) + "/messages");
        this.requestTimeout = requestTimeout;
        this.failures = failures;
    }

    /** Returns the API root with {@code /v1} once: {@code https://api.anthropic.com} becomes {@code .../v1}. */
    static String messagesRoot(String baseUrl) {
        String root = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return root.endsWith("/v1") ? root : root + "/v1";
    }

    /**
     * Returns the request body: model, max_tokens, stream, the system prompt and the tool list (with
     * {@code cache_control: ephemeral} on the system block and the last tool when prompt caching is on, so
     * both are one cached prefix), and the messages as content blocks.
     */
    byte[] body(ChatRequest request) {
        ObjectNode body = Wire.JSON.createObjectNode()
                .put("model", request.modelOr(cfg.model()))
                .put("max_tokens", cfg.maxTokens())
                .put("stream", true);
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            ObjectNode sys = body.putArray("system").addObject().put("type", "text").put("text", request.systemPrompt());
            if (cfg.promptCaching()) sys.putObject("cache_control").put("type", "ephemeral");
        }
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.messages()) {
            ArrayNode content = Wire.JSON.createArrayNode();
            for (ContentBlock b : m.content()) {
                switch (b) {
                    case ContentBlock.Text t -> {
                        if (!t.text().isBlank()) content.addObject().put("type", "text").put("text", t.text());
                    }
                    case ContentBlock.ToolUse u -> content.addObject().put("type", "tool_use").put("id", u.id())
                            .put("name", u.name()).set("input", Wire.toolInput(u.input()));
                    case ContentBlock.ToolResult r -> {
                        ObjectNode o = content.addObject().put("type", "tool_result").put("tool_use_id", r.toolUseId())
                                .put("content", r.content() == null ? "" : r.content());
                        if (r.isError()) o.put("is_error", true);
                    }
                    case ContentBlock.Image i -> {
                        if (i.hasData() && m.role() == Role.USER) {
                            content.addObject().put("type", "image").putObject("source").put("type", "base64")
                                    .put("media_type", i.mediaType()).put("data", java.util.Base64.getEncoder().encodeToString(i.data()));
                        } else {
                            content.addObject().put("type", "text").put("text", i.note());
                        }
                    }
                }
            }
            if (content.isEmpty()) continue; // never send an empty message (the API refuses it)
            ObjectNode msg = messages.addObject().put("role", m.role() == Role.USER ? "user" : "assistant");
            msg.set("content", content);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : request.tools()) {
                tools.addObject().put("name", t.name()).put("description", t.description()).set("input_schema", Wire.schema(t));
            }
            if (cfg.promptCaching()) ((ObjectNode) tools.get(tools.size() - 1)).putObject("cache_control").put("type", "ephemeral");
        }
        return Wire.bytes(body);
    }

    @Override
    public HttpRequest request(byte[] body) {
        return HttpRequest.newBuilder(messagesUrl)
                .timeout(requestTimeout)
                .header("x-api-key", cfg.apiKey())
                .header("anthropic-version", API_VERSION)
                .header("content-type", "application/json")
                .header("accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    @Override
    public String toolIdPrefix() {
        return "toolu_";
    }

    @Override
    public boolean onEvent(SseReader.Event e, StreamedAnswer answer) {
        if (e.data().isBlank() || e.data().strip().equals("[DONE]")) return true; // gateways' OpenAI-style end marker
        JsonNode data = Wire.event(e, answer);
        String type = data.path("type").asText(e.event() == null ? "" : e.event());
        switch (type) {
            case "message_start" -> {
                JsonNode message = data.path("message");
                answer.model(Wire.text(message.get("model")));
                usage(message.path("usage"), answer);
            }
            case "content_block_start" -> {
                int index = data.path("index").asInt();
                JsonNode block = data.path("content_block");
                switch (block.path("type").asText()) {
                    case "text" -> answer.text(index, Wire.text(block.get("text")));
                    case "tool_use" -> {
                        answer.toolCall(index, Wire.text(block.get("id")), Wire.text(block.get("name")));
                        JsonNode input = block.get("input");
                        if (input != null && input.isObject() && !input.isEmpty()) answer.toolArgs(index, input.toString());
                    }
                    default -> { } // thinking, redacted_thinking, server tools: not requested, not kept
                }
            }
            case "content_block_delta" -> {
                int index = data.path("index").asInt();
                JsonNode delta = data.path("delta");
                switch (delta.path("type").asText()) {
                    case "text_delta" -> answer.text(index, Wire.text(delta.get("text")));
                    case "input_json_delta" -> answer.toolArgs(index, Wire.text(delta.get("partial_json")));
                    default -> { } // thinking_delta, signature_delta, citations_delta
                }
            }
            case "message_delta" -> {
                String stop = Wire.text(data.path("delta").get("stop_reason"));
                usage(data.path("usage"), answer);
                if (stop != null) {
                    answer.stop(StopReason.fromAnthropic(stop));
                    answer.ended(); // every block is closed once the stop reason is known
                }
            }
            case "message_stop" -> {
                answer.ended();
                return false;
            }
            case "error" -> {
                JsonNode error = data.path("error");
                throw failures.streamError(error.path("type").asText(""), error.path("message").asText(""), answer.billable());
            }
            default -> { } // ping, content_block_stop, and event types added later
        }
        return true;
    }

    private static void usage(JsonNode u, StreamedAnswer answer) {
        if (!u.isObject()) return;
        answer.usage(Wire.number(u.get("input_tokens")), Wire.number(u.get("output_tokens")),
                Wire.number(u.get("cache_read_input_tokens")), Wire.number(u.get("cache_creation_input_tokens")));
    }
}
