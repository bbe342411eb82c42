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

        assertThat(call("workspace_read", "link.txt", null).content()).contains("symbolic link");
        assertThat(call("workspace_write", "link.txt", "pwned").content()).contains("symbolic link");
        assertThat(call("workspace_write", "dir/new.txt", "pwned").content()).contains("\"dir\" is a symbolic link");
        assertThat(call("workspace_read", "dir/secret.txt", null).content()).contains("\"dir\" is a symbolic link");
        assertThat(call("workspace_list", "dir", null).content()).contains("\"dir\" is a symbolic link");
        assertThat(call("workspace_list", "", null).content()).contains("dir\t(symbolic link, not followed)");
        assertThat(outside).hasContent("top secret");
        assertThat(tmp.resolve("new.txt")).doesNotExist();
    }

    @Test
    void symlinkedParentDeepInThePath_isRefusedBeforeAnyDirectoryIsMade() throws Exception {
        Files.createDirectories(root.resolve("a"));
        Files.createSymbolicLink(root.resolve("a/out"), tmp);

        ToolOutput out = call("workspace_write", "a/out/made/by/model.txt", "x");

        assertThat(out.isError()).isTrue();
        assertThat(out.content()).contains("\"a/out\" is a symbolic link");
        assertThat(tmp.resolve("made")).doesNotExist();
        assertThat(call("workspace_write", "a/fresh/deep/ok.txt", "inside").isError()).isFalse();
        assertThat(root.resolve("a/fresh/deep/ok.txt")).hasContent("inside");
    }

    @Test
    void symlinkPointingInside_isNotFollowedEither() throws Exception {
        Files.createDirectories(root.resolve("real"));
        Files.writeString(root.resolve("real/f.txt"), "inside");
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));
        assertThat(call("workspace_read", "alias/f.txt", null).content()).contains("symbolic link");
        assertThat(call("workspace_read", "real/f.txt", null).content()).isEqualTo("inside");
    }

    @Test
    void plantedHardLink_isRefusedForReadAndWrite_andTheOtherFileIsUntouched() throws Exception {
        Files.createDirectories(root);
        Files.createLink(root.resolve("planted.txt"), outside);

        ToolOutput read = call("workspace_read", "planted.txt", null);
        ToolOutput write = call("workspace_write", "planted.txt", "pwned");

        assertThat(read.isError()).isTrue();
        assertThat(read.content()).contains("2 hard links").doesNotContain("top secret");
        assertThat(write.isError()).isTrue();
        assertThat(write.content()).contains("2 hard links");
        assertThat(outside).hasContent("top secret");
    }

    @Test
    void plantedFifo_isRefusedWithoutBlocking_forReadAndWrite() throws Exception {
        Files.createDirectories(root);
        Path fifo = root.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        ToolOutput read = call("workspace_read", "pipe", null);
        ToolOutput write = call("workspace_write", "pipe", "x");

        assertThat(read.content()).contains("not a regular file");
        assertThat(write.content()).contains("not a regular file");
        assertThat(call("workspace_list", "", null).content()).isEqualTo("pipe\t(not a regular file)");
        assertThat(Files.isRegularFile(fifo, java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void directoryAtTheName_isRefused_andTemporaryNamesAreBlufiosOwn() throws Exception {
        Files.createDirectories(root.resolve("d"));
        assertThat(call("workspace_write", "d", "x").content()).contains("it is a directory");
        assertThat(call("workspace_read", "d", null).content()).contains("it is a directory");
        assertThat(call("workspace_write", Workspace.TMP_PREFIX + "x", "x").content()).contains("blufio's own");
        Files.createDirectories(root.resolve(Workspace.TMP_PREFIX + "left-over"));
        assertThat(call("workspace_list", "", null).content()).isEqualTo("d/");
    }

    @Test
    void quota_countsWhatIsOnDisk_refusesTheWritePastIt_andCountsAReplacedFileOnce() throws Exception {
        ToolRegistry small = new ToolRegistry(WorkspaceTools.over(root, 1));  // tools.workspace_max_mb = 1
        String quarter = "q".repeat(256 * 1024 - Workspace.BLOCK_BYTES);  // with the root's block: three fit in 1 MiB
        for (String name : new String[] {"a.txt", "b.txt", "c.txt"}) {
            assertThat(call(small, "workspace_write", name, quarter).isError()).as(name).isFalse();
        }
        assertThat(call(small, "workspace_write", "a.txt", quarter + "more").isError()).as("a replacement frees the old size").isFalse();
        Files.writeString(root.resolve("planted.bin"), "p".repeat(200_000));  // not written by the tools: counted too

        ToolOutput over = call(small, "workspace_write", "d.txt", "x".repeat(100_000));

        assertThat(over.isError()).isTrue();
        assertThat(over.content()).contains("tools.workspace_max_mb is 1.0").contains("MiB on disk");
        assertThat(root.resolve("d.txt")).doesNotExist();
        Files.delete(root.resolve("planted.bin"));
        assertThat(call(small, "workspace_write", "d.txt", "x".repeat(100_000)).isError()).isFalse();
    }

    private static ToolOutput call(ToolRegistry registry, String tool, String path, String content) {
        var in = JSON.createObjectNode().put("path", path);
        if (content != null) in.put("content", content);
        return registry.call(tool, in.toString());
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
