package io.blufio.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The tools of group {@code workspace}: {@code workspace_read}, {@code workspace_write},
 * {@code workspace_list}, confined to one {@link Workspace}. Files are UTF-8 text of at most
 * {@link Workspace#MAX_FILE_BYTES}.
 */
public final class WorkspaceTools {
    private WorkspaceTools() {}

    /** Returns the three tools over {@code root} ({@code tools.workspace_dir}). */
    public static List<Tool> over(Path root) {
        Workspace ws = new Workspace(root);
        return List.of(new SimpleTool("workspace_read", "Reads a UTF-8 text file from your workspace directory. Argument path: relative, e.g. notes/todo.md.",
                        "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}", in -> read(ws, in)),
                new SimpleTool("workspace_write", "Writes (creates or replaces) a UTF-8 text file in your workspace directory, at most 1 MiB. Arguments: path (relative), content.",
                        "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"},\"content\":{\"type\":\"string\"}},\"required\":[\"path\",\"content\"]}",
                        in -> write(ws, in)),
                new SimpleTool("workspace_list", "Lists a directory of your workspace (names, sizes; directories end in /). Argument path: relative, default the top.",
                        "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}", in -> list(ws, in)));
    }

    private static ToolOutput read(Workspace ws, JsonNode in) throws IOException {
        String rel = in.path("path").asText("");
        Path p = ws.existing(rel);
        if (!Files.isRegularFile(p)) throw Workspace.refused(rel, "not a regular file");
        long size = Files.size(p);
        if (size > Workspace.MAX_FILE_BYTES) {
            throw Workspace.refused(rel, "the file has " + size + " bytes; workspace_read returns at most " + Workspace.MAX_FILE_BYTES);
        }
        try (InputStream s = Files.newInputStream(p)) {
            return ToolOutput.ok(new String(s.readNBytes(Workspace.MAX_FILE_BYTES), StandardCharsets.UTF_8));
        }
    }

    private static ToolOutput write(Workspace ws, JsonNode in) throws IOException {
        String rel = in.path("path").asText("");
        if (!in.path("content").isTextual()) return ToolOutput.error("missing argument content (text)");
        byte[] bytes = in.path("content").asText().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Workspace.MAX_FILE_BYTES) {
            throw Workspace.refused(rel, "the content has " + bytes.length + " bytes; the limit is " + Workspace.MAX_FILE_BYTES);
        }
        Path p = ws.forWrite(rel);
        Set<OpenOption> opts = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                LinkOption.NOFOLLOW_LINKS);  // O_NOFOLLOW: a link swapped in after the check is not followed
        try (SeekableByteChannel ch = Files.newByteChannel(p, opts)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) ch.write(b);
        }
        return ToolOutput.ok("wrote " + bytes.length + " bytes to " + Workspace.clean(rel));
    }

    private static ToolOutput list(Workspace ws, JsonNode in) throws IOException {
        String rel = in.path("path").asText("");
        Path dir = ws.existing(rel);
        if (!Files.isDirectory(dir)) throw Workspace.refused(rel, "not a directory");
        List<String> lines = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path e : entries) {
                if (lines.size() == Workspace.MAX_LIST_ENTRIES) {
                    lines.add("[more entries not shown: the list stops at " + Workspace.MAX_LIST_ENTRIES + "]");
                    break;
                }
                String name = e.getFileName().toString();
                if (Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)) lines.add(name + "/");
                else lines.add(name + "\t" + Files.size(e) + " bytes");
            }
        }
        lines.sort(null);
        return ToolOutput.ok(lines.isEmpty() ? "(empty)" : String.join("\n", lines));
    }
}
