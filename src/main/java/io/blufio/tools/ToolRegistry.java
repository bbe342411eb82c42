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
    private final List<ToolSource> sources;

    /**
     * @param tools the enabled tools
     * @throws IllegalArgumentException when two tools share a name
     */
    public ToolRegistry(List<Tool> tools) {
        this(tools, List.of());
    }

    /**
     * @param tools the enabled built-in tools
     * @param sources tools asked for at every turn (MCP servers); a name a built-in has is never taken from them
     * @throws IllegalArgumentException when two built-in tools share a name
     */
    public ToolRegistry(List<Tool> tools, List<ToolSource> sources) {
        for (Tool t : tools) {
            if (this.tools.putIfAbsent(t.name(), t) != null) {
                throw new IllegalArgumentException("two tools are named " + t.name());
            }
        }
        this.sources = List.copyOf(sources);
    }

    /** Returns the tools to offer now: the built-ins in registration order, then those of the sources. */
    public List<Tool> tools() {
        if (sources.isEmpty()) return List.copyOf(tools.values());
        Map<String, Tool> all = new LinkedHashMap<>(tools);
        for (ToolSource s : sources) {
            for (Tool t : s.tools()) all.putIfAbsent(t.name(), t);
        }
        return List.copyOf(all.values());
    }

    /** Returns the tool named {@code name}: a built-in, or one a source offers now. */
    public Optional<Tool> find(String name) {
        Tool t = tools.get(name);
        if (t != null || sources.isEmpty()) return Optional.ofNullable(t);
        for (ToolSource s : sources) {
            for (Tool d : s.tools()) if (d.name().equals(name)) return Optional.of(d);
        }
        return Optional.empty();
    }

    /**
     * Runs the tool {@code name} with arguments {@code inputJson} (a JSON object text; blank means {}).
     * Unknown tools, unparseable arguments and exceptions come back as error results.
     */
    public ToolOutput call(String name, String inputJson) {
        Tool tool = find(name).orElse(null);
        if (tool == null) {
            return ToolOutput.error("no tool named " + name + "; available: " + String.join(", ", tools().stream().map(Tool::name).toList()));
        }
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
