package io.blufio.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The tools offered to the model, by name. Calls never throw: failures become error results. */
public final class ToolRegistry {
    private static final Logger log = LoggerFactory.getLogger(ToolRegistry.class);
    private static final ObjectMapper JSON = io.blufio.Json.MAPPER;
    private final Map<String, Tool> tools = new LinkedHashMap<>();

    /**
     * @param tools the enabled tools
     * @throws IllegalArgumentException when two tools share a name
     */
    public ToolRegistry(List<Tool> tools) {
        for (Tool t : tools) {
            if (this.tools.putIfAbsent(t.name(), t) != null) {
                throw new IllegalArgumentException("two tools are named " + t.name());
            }
        }
    }

    /** Returns the enabled tools, in registration order. */
    public List<Tool> tools() {
        return List.copyOf(tools.values());
    }

    /** Returns the tool named {@code name}. */
    public Optional<Tool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /**
     * Runs the tool {@code name} with arguments {@code inputJson} (a JSON object text; blank means {}).
     * Unknown tools, unparseable arguments and exceptions come back as error results.
     */
    public ToolOutput call(String name, String inputJson) {
        Tool tool = tools.get(name);
        if (tool == null) return ToolOutput.error("no tool named " + name + "; available: " + String.join(", ", tools.keySet()));
        JsonNode input;
        try {
            input = inputJson == null || inputJson.isBlank() ? JsonNodeFactory.instance.objectNode() : JSON.readTree(inputJson);
        } catch (Exception e) {
            return ToolOutput.error("arguments are not valid JSON: " + e.getMessage());
        }
        try {
            ToolOutput out = tool.call(input);
            return out == null ? ToolOutput.error("tool returned nothing") : out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ToolOutput.error("tool " + name + " was interrupted (shutting down)");
        } catch (Exception e) {
            log.warn("tool {} failed: {}", name, e.toString());
            return ToolOutput.error("tool " + name + " failed: " + e.getMessage());
        }
    }
}
