package io.blufio.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.blufio.fixtures.FakeTelegramServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PDFBox is loaded lazily: a fresh JVM ({@code -Xlog:class+load}) takes a text document and a picture
 * through {@link MediaIntake} without loading one PDFBox class, and loads them only once a PDF arrives.
 */
final class PdfLazyLoadTest {
    static final String MARKER = "---- a PDF arrives ----";
    @TempDir Path tmp;

    @Test
    void noPdfBoxClassIsLoadedUntilAPdfArrives() throws Exception {
        Path pdf = tmp.resolve("a.pdf");
        Files.write(pdf, TelegramMediaTest.pdf("lazy text"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"),
                Probe.class.getName(), pdf.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        int at = out.indexOf(MARKER);
        assertThat(at).as(out).isPositive();
        String before = out.substring(0, at);
        String after = out.substring(at);
        assertThat(before).contains("io.blufio.channel.telegram.MediaIntake").doesNotContain("org.apache.pdfbox");
        assertThat(after).contains("org.apache.pdfbox.Loader").contains("text: lazy text");
    }

    /** The child JVM: a text document, then a PDF, through one {@link MediaIntake} against a Bot API stand-in. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            ObjectMapper json = new ObjectMapper();
            try (FakeTelegramServer tg = new FakeTelegramServer()) {
                MediaIntake intake = new MediaIntake(new BotApi(tg.url(), FakeTelegramServer.TOKEN), new MediaPolicy(5 << 20, 10 << 20, 1000, false));
                ObjectNode text = json.createObjectNode();
                text.putObject("document").put("file_id", tg.addFile("plain words".getBytes(StandardCharsets.UTF_8), 11, "d/a.txt"))
                        .put("file_name", "a.txt");
                System.out.println("text: " + ((MediaIntake.Outcome.Accepted) intake.take(text)).content().contains("plain words"));
                ObjectNode photo = json.createObjectNode();
                byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0};
                photo.putArray("photo").addObject().put("file_id", tg.addFile(png, png.length, "p/a.png")).put("width", 1).put("height", 1)
                        .put("file_size", png.length);
                System.out.println("photo: " + ((MediaIntake.Outcome.Accepted) intake.take(photo)).media().size());
                System.out.println(MARKER);
                System.out.flush();
                byte[] pdf = Files.readAllBytes(Path.of(args[0]));
                ObjectNode doc = json.createObjectNode();
                doc.putObject("document").put("file_id", tg.addFile(pdf, pdf.length, "d/a.pdf")).put("file_name", "a.pdf");
                String content = ((MediaIntake.Outcome.Accepted) intake.take(doc)).content();
                System.out.println("text: " + (content.contains("lazy text") ? "lazy text" : content));
            }
        }
    }
}
