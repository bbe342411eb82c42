package io.blufio.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pin of an MCP tool: SHA-256 (hex, 64 characters) of {@code name + "\n" + description + "\n" + schema},
 * where the schema is re-serialised with object keys sorted, so whitespace and key order do not matter but any
 * change to the name, the description or the input schema does.
 */
public final class ToolHash {
    private static final ObjectMapper JSON = io.blufio.Json.MAPPER.copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ToolHash() {}

    /** Returns the hash of one tool; {@code inputSchema} is JSON text (unparseable text is hashed as is). */
    public static String of(String name, String description, String inputSchema) {
        String schema;
        try {
            schema = JSON.writeValueAsString(sorted(JSON.readTree(inputSchema == null ? "{}" : inputSchema)));
        } catch (Exception e) {
            schema = String.valueOf(inputSchema);
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((name + "\n" + description + "\n" + schema).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static Object sorted(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                var e = it.next();
                m.put(e.getKey(), sorted(e.getValue()));
            }
            return m;
        }
        if (n.isArray()) {
            java.util.List<Object> l = new java.util.ArrayList<>();
            n.forEach(x -> l.add(sorted(x)));
            return l;
        }
        return n;
    }

    /** Returns an object node's fields sorted, for tests. */
    static String canonical(ObjectNode n) throws Exception {
        return JSON.writeValueAsString(sorted(n));
    }
}
