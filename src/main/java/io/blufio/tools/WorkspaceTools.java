package io.blufio.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The tools of group {@code workspace}: {@code workspace_read}, {@code workspace_write},
 * {@code workspace_list}, confined to one {@link Workspace} without races (see there). Files are UTF-8
 * text of at most {@link Workspace#MAX_FILE_BYTES}; the workspace holds at most
 * {@code tools.workspace_max_mb} on disk.
 */
public final class WorkspaceTools {
    /** Default of {@code tools.workspace_max_mb}. */
    public static final int DEFAULT_MAX_MB = 100;

    private WorkspaceTools() {}

    /** Returns the three tools over {@code root} with the default quota of {@link #DEFAULT_MAX_MB} MiB. */
    public static List<Tool> over(Path root) {
        return over(root, DEFAULT_MAX_MB);
    }

    /**
     * Returns the three tools over {@code root} ({@code tools.workspace_dir}).
     *
     * @param maxMb {@code tools.workspace_max_mb}: MiB the workspace may hold on disk in all
     */
    public static List<Tool> over(Path root, int maxMb) {
        Workspace ws = new Workspace(root, maxMb * 1048576L);
        return List.of(new SimpleTool("workspace_read", "Reads a UTF-8 text file from your workspace directory. Argument path: relative, e.g. notes/todo.md.",
                        "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}", in -> read(ws, in)),
                new SimpleTool("workspace_write", "Writes (creates or replaces) a UTF-8 text file in your workspace directory, at most 1 MiB"
                        + " (the workspace holds at most " + maxMb + " MiB). Arguments: path (relative), content.",
                        "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"},\"content\":{\"type\":\"string\"}},\"required\":[\"path\",\"content\"]}",
                        in -> write(ws, in)),
                new SimpleTool("workspace_list", "Lists a directory of your workspace (names, sizes; directories end in /). Argument path: relative, default the top.",
                        "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}", in -> list(ws, in)));
    }

    private static ToolOutput read(Workspace ws, JsonNode in) throws IOException {
        return ToolOutput.ok(new String(ws.read(in.path("path").asText("")), StandardCharsets.UTF_8));
    }

    private static ToolOutput write(Workspace ws, JsonNode in) throws IOException {
        String rel = in.path("path").asText("");
        if (!in.path("content").isTextual()) return ToolOutput.error("missing argument content (text)");
        byte[] bytes = in.path("content").asText().getBytes(StandardCharsets.UTF_8);
        String written = ws.write(rel, bytes);
        return ToolOutput.ok("wrote " + bytes.length + " bytes to " + written);
    }

    private static ToolOutput list(Workspace ws, JsonNode in) throws IOException {
        String rel = in.path("path").asText("");
        List<String> lines = new ArrayList<>();
        boolean more = false;
        try (Workspace.Dir dir = ws.directory(rel)) {
            SecureDirectoryStream<Path> handle = dir.handle();
            for (Path e : handle) {
                String name = e.getFileName().toString();
                if (name.startsWith(Workspace.TMP_PREFIX)) continue;
                if (lines.size() == Workspace.MAX_LIST_ENTRIES) {
                    more = true;
                    break;
                }
                BasicFileAttributes a = Workspace.attributes(handle, e.getFileName());
                if (a == null) continue;  // deleted meanwhile
                if (a.isDirectory()) lines.add(name + "/");
                else if (a.isRegularFile()) lines.add(name + "\t" + a.size() + " bytes");
                else if (a.isSymbolicLink()) lines.add(name + "\t(symbolic link, not followed)");
                else lines.add(name + "\t(not a regular file)");
            }
        }
        lines.sort(null);
        if (more) lines.add("[more entries not shown: the list stops at " + Workspace.MAX_LIST_ENTRIES + "]");
        return ToolOutput.ok(lines.isEmpty() ? "(empty)" : String.join("\n", lines));
    }
}
