package io.blufio.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unit files of contrib/ pass {@code systemd-analyze verify} and the service scores an exposure of at most
 * 2.0 with {@code systemd-analyze security --offline=true}. Verify checks that ExecStart= binaries exist, so
 * the units are verified from a copy whose /opt/blufio points at a stub tree in a temporary directory.
 */
final class SystemdUnitTest {
    static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");
    static final Path CONTRIB = Path.of("contrib");
    @TempDir Path tmp;

    record Run(int code, String out) {}

    static Run run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    @Test
    void unitFiles_passSystemdAnalyzeVerify() throws Exception {
        assumeTrue(Files.isExecutable(ANALYZE), "systemd-analyze is not installed");
        Path opt = tmp.resolve("opt/blufio");
        for (String exe : List.of("bin/blufio", "contrib/hooks/pre-start", "contrib/hooks/post-stop", "contrib/backup.sh")) {
            Path f = opt.resolve(exe);
            Files.createDirectories(f.getParent());
            Files.writeString(f, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path units = Files.createDirectories(tmp.resolve("units"));
        for (String name : List.of("blufio.service", "blufio-backup.service", "blufio-backup.timer")) {
            String text = Files.readString(CONTRIB.resolve(name)).replace("/opt/blufio", opt.toString());
            Files.writeString(units.resolve(name), text);
        }
        Run r = run(List.of(ANALYZE.toString(), "verify", "--man=no", units.resolve("blufio.service").toString(),
                units.resolve("blufio-backup.service").toString(), units.resolve("blufio-backup.timer").toString()));
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).as(r.out()).doesNotContain("Unknown key").doesNotContain("Unknown section");
    }

    @Test
    void service_scoresExposureOfAtMost2() throws Exception {
        assumeTrue(Files.isExecutable(ANALYZE), "systemd-analyze is not installed");
        Run r = run(List.of(ANALYZE.toString(), "security", "--offline=true", "--no-pager", CONTRIB.resolve("blufio.service").toString()));
        Matcher m = Pattern.compile("Overall exposure level for blufio.service: ([0-9.]+)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        double score = Double.parseDouble(m.group(1));
        System.out.println("systemd-analyze security exposure: " + score);
        assertThat(score).isLessThanOrEqualTo(2.0);
    }
}
