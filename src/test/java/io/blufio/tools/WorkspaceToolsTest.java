package io.blufio.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** workspace_read, workspace_write, workspace_list: confined to their directory. */
final class WorkspaceToolsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path tmp;
    private Path root;
    private Path outside;
    private ToolRegistry tools;

    @BeforeEach
    void setUp() throws Exception {
        root = tmp.resolve("workspace");
        outside = Files.writeString(tmp.resolve("secret.txt"), "top secret");
        tools = new ToolRegistry(WorkspaceTools.over(root));
    }

    private ToolOutput call(String tool, String path, String content) {
        var in = JSON.createObjectNode().put("path", path);
        if (content != null) in.put("content", content);
        return tools.call(tool, in.toString());
    }

    @Test
    void writeReadList_insideTheWorkspace_work() {
        assertThat(call("workspace_write", "notes/todo.md", "- buy milk").content()).isEqualTo("wrote 10 bytes to notes/todo.md");
        assertThat(call("workspace_read", "notes/./todo.md", null).content()).isEqualTo("- buy milk");
        assertThat(call("workspace_list", "", null).content()).isEqualTo("notes/");
        assertThat(call("workspace_list", "notes", null).content()).isEqualTo("todo.md\t10 bytes");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"../secret.txt", "notes/../../secret.txt", "..", "/etc/passwd", "\\etc\\passwd", "C:/Windows/win.ini",
        "~/secret.txt", "a/..\\..\\secret.txt", "a\0b"})
    void escapes_fail(String path) {
        for (String tool : new String[] {"workspace_read", "workspace_write", "workspace_list"}) {
            ToolOutput out = call(tool, path, "x");
            assertThat(out.isError()).as(tool + " " + path).isTrue();
            assertThat(out.content()).contains("refused path");
        }
        assertThat(outside).hasContent("top secret");
    }

    @Test
    void symlinkLeadingOut_failsForReadWriteAndList() throws Exception {
        Files.createDirectories(root);
        Files.createSymbolicLink(root.resolve("link.txt"), outside);
        Files.createSymbolicLink(root.resolve("dir"), tmp);

        assertThat(call("workspace_read", "link.txt", null).content()).contains("leads outside the workspace");
        assertThat(call("workspace_write", "link.txt", "pwned").content()).contains("symbolic link");
        assertThat(call("workspace_write", "dir/new.txt", "pwned").content()).contains("leads outside the workspace");
        assertThat(call("workspace_read", "dir/secret.txt", null).content()).contains("leads outside the workspace");
        assertThat(call("workspace_list", "dir", null).content()).contains("leads outside the workspace");
        assertThat(outside).hasContent("top secret");
        assertThat(tmp.resolve("new.txt")).doesNotExist();
    }

    @Test
    void write_atTheSizeLimit_works_andOneBytePast_fails() {
        assertThat(call("workspace_write", "big.txt", "a".repeat(Workspace.MAX_FILE_BYTES)).isError()).isFalse();
        assertThat(call("workspace_read", "big.txt", null).content()).hasSize(Workspace.MAX_FILE_BYTES);
        ToolOutput over = call("workspace_write", "big2.txt", "a".repeat(Workspace.MAX_FILE_BYTES + 1));
        assertThat(over.isError()).isTrue();
        assertThat(over.content()).contains("1048577 bytes; the limit is 1048576");
    }
}
