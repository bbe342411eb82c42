package io.blufio.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.store.Database;
import io.blufio.store.InboxStore;
import io.blufio.store.MessageStore;
import io.blufio.store.StoredMessage;
import io.blufio.tools.Tool;
import io.blufio.tools.ToolOutput;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code document_save}: writes the text of a document the user sent in this conversation (a PDF's or a
 * text file's, as the Telegram channel passed it inside {@code <document>} tags) to a workspace file,
 * through the {@code workspace_write} tool, so the model need not repeat up to 100,000 characters as a
 * tool argument. It looks at the current message first, then the newest {@link #LOOK_BACK} stored
 * messages of the conversation (the session of the calling thread's {@link CallScope}).
 */
public final class DocumentTools {
    /** Stored messages searched for a document, newest first. */
    static final int LOOK_BACK = 50;
    private static final Pattern DOCUMENT = Pattern.compile("<document name=\"([^\"]*)\" type=\"[^\"]*\">\\n(.*?)\\n</document>", Pattern.DOTALL);
    private static final ObjectMapper JSON = io.blufio.Json.MAPPER;

    private DocumentTools() {}

    /** Returns the tool, writing through {@code workspaceWrite} (the {@code workspace_write} tool). */
    public static Tool over(Database db, Tool workspaceWrite) {
        return new Save(new InboxStore(db), new MessageStore(db), workspaceWrite);
    }

    private record Save(InboxStore inbox, MessageStore messages, Tool write) implements Tool {
        @Override
        public String name() {
            return "document_save";
        }

        @Override
        public String description() {
            return "Saves the text of a document the user sent in this conversation (PDF or text file) to a workspace file."
                    + " Arguments: path (relative, e.g. docs/report.txt); name (optional: the document's file name, default the newest).";
        }

        @Override
        public String inputSchema() {
            return "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"}},\"required\":[\"path\"]}";
        }

        @Override
        public ToolOutput call(JsonNode input) throws Exception {
            CallScope scope = CallScope.current();
            if (scope == null || scope.sessionId() == null) return ToolOutput.error("documents can only be saved from inside a conversation");
            String name = input.path("name").asText("");
            Optional<String> text = Optional.empty();
            if (scope.turnId() != null) text = inbox.find(scope.turnId()).flatMap(i -> find(i.content(), name));
            if (text.isEmpty()) {
                for (StoredMessage m : messages.page(scope.sessionId(), LOOK_BACK, 0)) {
                    if (!"user".equals(m.role())) continue;
                    text = find(textOf(m.content()), name);
                    if (text.isPresent()) break;
                }
            }
            if (text.isEmpty()) {
                return ToolOutput.error(name.isEmpty() ? "no document was sent in this conversation recently"
                        : "no document named " + name + " was sent in this conversation recently");
            }
            return write.call(JSON.createObjectNode().put("path", input.path("path").asText("")).put("content", text.get()));
        }

        /** Returns the newest document in {@code content} (named {@code name}, when given). */
        private static Optional<String> find(String content, String name) {
            Matcher m = DOCUMENT.matcher(content);
            String found = null;
            while (m.find()) if (name.isEmpty() || m.group(1).equals(name)) found = m.group(2);
            return Optional.ofNullable(found);
        }

        private static String textOf(String blocksJson) {
            StringBuilder sb = new StringBuilder();
            java.util.List<io.blufio.llm.ContentBlock> blocks;
            try {
                blocks = Blocks.fromJson(blocksJson);
            } catch (IllegalStateException unreadable) {
                return "";
            }
            for (var b : blocks) if (b instanceof io.blufio.llm.ContentBlock.Text t) sb.append(t.text());
            return sb.toString();
        }
    }
}
