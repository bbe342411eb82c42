package io.blufio.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.config.OpenAiConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * The OpenAI Chat Completions wire form (https://platform.openai.com/docs/api-reference/chat/create), streamed
 * (https://platform.openai.com/docs/api-reference/chat-streaming): {@code data: {chunk}} lines with
 * {@code choices[0].delta} ({@code content}, {@code refusal}, {@code tool_calls[].function.arguments} in
 * pieces), a {@code finish_reason}, with {@code stream_options.include_usage} a last chunk holding
 * {@code usage}, then {@code data: [DONE]}. Also read: an {@code error} object in a chunk, or an
 * {@code event: error}, as OpenRouter, LiteLLM and vLLM send errors met after the 200 (and OpenRouter's
 * {@code finish_reason: "error"}); a usage object on any chunk (servers differ); tool calls sent whole.
 */
final class OpenAiProtocol implements StreamingCall.Protocol {
    /** Prefixed to a failed tool's result: Chat Completions has no {@code is_error} flag. */
    static final String TOOL_ERROR_PREFIX = "[tool error] ";

    private final OpenAiConfig cfg;
    private final URI completionsUrl;
    private final Duration requestTimeout;
    private final ProviderFailures failures;
    private final boolean sendKey;

    OpenAiProtocol(OpenAiConfig cfg, Duration requestTimeout, ProviderFailures failures) {
        this.cfg = cfg;
        String base = cfg.baseUrl().endsWith("/") ? cfg.baseUrl().substring(0, cfg.baseUrl().length() - 1) : cfg.baseUrl();
        this.completionsUrl = URI.create(base + "/chat/completions");
        this.requestTimeout = requestTimeout;
        this.failures = failures;
        this.sendKey = cfg.apiKey() != null && !cfg.apiKey().isBlank();
    }

    /**
     * Returns the request body: the system prompt as the first {@code system} message; a user message's
     * tool results as {@code tool} messages before its text; an assistant message as {@code content} plus
     * {@code tool_calls}. {@code max_completion_tokens} is OpenAI's current field (reasoning models refuse
     * {@code max_tokens}).
     */
    byte[] body(ChatRequest request) {
        ObjectNode body = Wire.JSON.createObjectNode()
                .put("model", request.modelOr(cfg.model()))
                .put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        body.put("max_completion_tokens", cfg.maxTokens());
        ArrayNode messages = body.putArray("messages");
        if (request.systemPrompt() != null && !request.systemPrompt().isBlank()) {
            messages.addObject().put("role", "system").put("content", request.systemPrompt());
        }
        for (ChatMessage m : request.messages()) {
            if (m.role() == Role.ASSISTANT) assistant(m, messages);
            else user(m, messages);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec t : request.tools()) {
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
                fn.put("name", t.name()).put("description", t.description()).set("parameters", Wire.schema(t));
            }
        }
        return Wire.bytes(body);
    }

    private static void assistant(ChatMessage m, ArrayNode messages) {
        String text = m.text();
        var calls = m.toolUses();
        if (text.isBlank() && calls.isEmpty()) return;
        ObjectNode msg = messages.addObject().put("role", "assistant");
        if (text.isBlank()) msg.putNull("content"); else msg.put("content", text);
        if (!calls.isEmpty()) {
            ArrayNode tc = msg.putArray("tool_calls");
            for (ContentBlock.ToolUse u : calls) {
                tc.addObject().put("id", u.id()).put("type", "function").putObject("function")
                        .put("name", u.name()).put("arguments", Wire.toolInput(u.input()).toString());
            }
        }
    }

    private static void user(ChatMessage m, ArrayNode messages) {
        for (ContentBlock b : m.content()) {
            if (b instanceof ContentBlock.ToolResult r) {
                String content = r.content() == null ? "" : r.content();
                messages.addObject().put("role", "tool").put("tool_call_id", r.toolUseId())
                        .put("content", r.isError() ? TOOL_ERROR_PREFIX + content : content);
            }
        }
        if (m.content().stream().noneMatch(ContentBlock.Image.class::isInstance)) {
            String text = m.text();
            if (!text.isBlank()) messages.addObject().put("role", "user").put("content", text);
            return;
        }
        // with a picture: content parts, text and image_url with a data URL (https://platform.openai.com/docs/guides/images-vision)
        ArrayNode parts = Wire.JSON.createArrayNode();
        for (ContentBlock b : m.content()) {
            if (b instanceof ContentBlock.Text t && !t.text().isBlank()) {
                parts.addObject().put("type", "text").put("text", t.text());
            } else if (b instanceof ContentBlock.Image i) {
                if (i.hasData()) {
                    parts.addObject().put("type", "image_url").putObject("image_url")
                            .put("url", "data:" + i.mediaType() + ";base64," + java.util.Base64.getEncoder().encodeToString(i.data()));
                } else {
                    parts.addObject().put("type", "text").put("text", i.note());
                }
            }
        }
        if (!parts.isEmpty()) messages.addObject().put("role", "user").set("content", parts);
    }

    @Override
    public HttpRequest request(byte[] body) {
        var b = HttpRequest.newBuilder(completionsUrl)
                .timeout(requestTimeout)
                .header("content-type", "application/json")
                .header("accept", "text/event-stream");
        if (sendKey) b.header("authorization", "Bearer " + cfg.apiKey());
        return b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    @Override
    public String toolIdPrefix() {
        return "call_";
    }

    @Override
    public boolean onEvent(SseReader.Event e, StreamedAnswer answer) {
        String raw = e.data().strip();
        if (raw.equals("[DONE]")) {
            answer.ended(); // the server's explicit end; a finish_reason, if any, came before
            return false;
        }
        if (raw.isEmpty()) return true;
        JsonNode chunk = Wire.event(e, answer);
        JsonNode error = chunk.get("error");
        if ("error".equals(e.event()) && (error == null || error.isNull())) error = chunk;
        if (error != null && !error.isNull()) throw streamError(error, answer);
        answer.model(Wire.text(chunk.get("model")));
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            Long prompt = Wire.number(usage.get("prompt_tokens"));
            Long cached = Wire.number(usage.path("prompt_tokens_details").get("cached_tokens"));
            long c = cached == null ? 0 : cached;
            // prompt_tokens includes the cached ones: blufio's input counts uncached tokens only
            answer.usage(prompt == null ? null : Math.max(0, prompt - c), Wire.number(usage.get("completion_tokens")), c, null);
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt(0) != 0) continue; // n = 1: only the first choice exists
            JsonNode delta = choice.has("delta") ? choice.path("delta") : choice.path("message");
            answer.text(-1, Wire.text(delta.get("content")));
            answer.refusal(Wire.text(delta.get("refusal")));
            int position = 0;
            for (JsonNode call : delta.path("tool_calls")) {
                int index = call.path("index").asInt(position++);
                JsonNode fn = call.path("function");
                answer.toolCall(index, Wire.text(call.get("id")), Wire.text(fn.get("name")));
                JsonNode args = fn.get("arguments");
                if (args != null && args.isObject()) answer.toolArgs(index, args.toString()); // Ollama sends an object
                else answer.toolArgs(index, Wire.text(args));
            }
            String finish = Wire.text(choice.get("finish_reason"));
            if ("error".equals(finish)) {
                throw failures.streamError("", "finish_reason \"error\" (the upstream model failed)", answer.billable());
            }
            if (finish != null) {
                answer.stop(StopReason.fromOpenAi(finish));
                answer.ended();
            }
        }
        return true;
    }

    private LlmException streamError(JsonNode error, StreamedAnswer answer) {
        if (error.isTextual()) return failures.streamError("", error.asText(), answer.billable());
        String type = Wire.text(error.get("type"));
        if (type == null || type.isBlank()) type = Wire.text(error.get("code"));
        return failures.streamError(type == null ? "" : type, error.path("message").asText(""), answer.billable());
    }
}
