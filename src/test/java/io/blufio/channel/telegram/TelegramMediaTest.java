package io.blufio.channel.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.fixtures.FakeTelegramServer;
import io.blufio.fixtures.FakeTranscriptionServer;
import io.blufio.fixtures.RecordedRequest;
import io.blufio.store.MediaStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pictures, documents and voice notes through the Telegram stand-in to the LLM stand-in, real agent and SQLite. */
final class TelegramMediaTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long OWNER = TelegramHarness.OWNER;
    @TempDir Path tmp;
    private TelegramHarness h;
    private FakeTranscriptionServer stt;

    @AfterEach
    void close() {
        if (h != null) h.close();
        if (stt != null) stt.close();
    }

    private TelegramHarness start(Map<String, String> env) {
        h = new TelegramHarness(tmp, Duration.ofSeconds(12), env);
        return h;
    }

    /** Returns a real JPEG of {@code w x h} pixels with some noise (so it does not compress to nothing). */
    static byte[] jpeg(int w, int hgt, long seed) throws IOException {
        BufferedImage img = new BufferedImage(w, hgt, BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(seed);
        for (int y = 0; y < hgt; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, r.nextInt(0xFFFFFF));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    /** Returns a one-page PDF whose text is {@code line}, written with PDFBox. */
    static byte[] pdf(String line) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(72, 700);
                cs.showText(line);
                cs.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static JsonNode lastUserContent(RecordedRequest r) {
        JsonNode messages = r.body().path("messages");
        return messages.get(messages.size() - 1).path("content");
    }

    private static List<JsonNode> blocks(RecordedRequest r, String type) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : r.body().path("messages")) for (JsonNode b : m.path("content")) if (type.equals(b.path("type").asText())) out.add(b);
        return out;
    }

    @Test
    void photoWithCaption_reachesModelAsImageBlockAndText_andTheAnswerComesBack() throws IOException {
        start(Map.of());
        byte[] photo = jpeg(640, 480, 1);
        h.llm.enqueueText("A **noisy** picture.");
        h.telegram.userSendsPhoto(OWNER, "owner", photo, 640, 480, "What is in this picture?", 0);
        await().atMost(WAIT).until(() -> h.texts(OWNER).contains("A <b>noisy</b> picture."));

        JsonNode content = lastUserContent(h.llm.lastRequest());
        assertThat(content.get(0).path("type").asText()).isEqualTo("text");
        assertThat(content.get(0).path("text").asText()).isEqualTo("What is in this picture?");
        JsonNode image = content.get(1);
        assertThat(image.path("type").asText()).isEqualTo("image");
        assertThat(image.path("source").path("type").asText()).isEqualTo("base64");
        assertThat(image.path("source").path("media_type").asText()).isEqualTo("image/jpeg");
        assertThat(Base64.getDecoder().decode(image.path("source").path("data").asText())).isEqualTo(photo);
        // the biggest size under the cap was fetched (not the thumbnail), via getFile and the file URL
        assertThat(h.telegram.downloads()).hasSize(1).allMatch(p -> p.startsWith("photos/file_"));
        // stored once, by hash; the history row refers to it without the bytes
        assertThat(new MediaStore(h.db).totals()).containsExactly(1, photo.length);
        String stored = h.db.read(c -> {
            try (var ps = c.prepareStatement("SELECT content FROM messages WHERE role = 'user'"); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertThat(stored).contains("\"type\":\"image\"", "\"media\":\"" + io.blufio.store.Media.sha256(photo) + "\"").hasSizeLessThan(400);
    }

    @Test
    void pdfDocument_itsTextReachesTheModel() throws IOException {
        start(Map.of());
        h.llm.enqueueText("It is about invoices.");
        h.telegram.userSendsDocument(OWNER, "owner", "report.pdf", "application/pdf", pdf("Invoice 4711 is due on 1 March."), 0, true,
                "Summarise this");
        await().atMost(WAIT).until(() -> h.texts(OWNER).contains("It is about invoices."));
        String text = lastUserContent(h.llm.lastRequest()).get(0).path("text").asText();
        assertThat(text).startsWith("Summarise this").contains("<document name=\"report.pdf\" type=\"application/pdf\">")
                .contains("Invoice 4711 is due on 1 March.");
    }

    @Test
    void textDocument_typeReadFromBytesNotName_andCutAtMaxDocumentChars() {
        start(Map.of("BLUFIO_AGENT__MAX_DOCUMENT_CHARS", "40"));
        String csv = "name,amount\n" + "alice,10\n".repeat(20);
        h.telegram.userSendsDocument(OWNER, "owner", "data.pdf", "application/pdf", csv.getBytes(StandardCharsets.UTF_8), 0, true, null);
        await().atMost(WAIT).until(() -> h.llm.requests().size() == 1);
        String text = lastUserContent(h.llm.lastRequest()).get(0).path("text").asText();
        assertThat(text).contains("type=\"text/plain\"", "name,amount").contains("[The document was cut: only its first 40 characters");
        assertThat(text).doesNotContain("alice,10\n".repeat(5));
    }

    @Test
    void unsupportedDocument_getsAShortReplySayingWhatIsSupported_noModelCall() {
        start(Map.of());
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 1, 2, 3, 4, 5, 6};
        long last = h.telegram.userSendsDocument(OWNER, "owner", "notes.txt", "text/plain", zip, 0, true, null);
        await().atMost(WAIT).until(() -> h.texts(OWNER).size() == 1);
        assertThat(h.texts(OWNER).get(0)).contains("I cannot read notes.txt", MediaIntake.SUPPORTED);
        assertThat(h.state.offset(123456789)).isEqualTo(last + 1);
        assertThat(h.llm.requests()).isEmpty();
    }

    @Test
    void twentyMegabyteFile_isRefusedBeforeAnyDownload() {
        start(Map.of());
        long big = FakeTelegramServer.DOWNLOAD_LIMIT;  // 20 MB, over telegram.max_document_bytes (10 MiB)
        h.telegram.userSendsDocument(OWNER, "owner", "big.pdf", "application/pdf", new byte[16], big, true, null);
        await().atMost(WAIT).until(() -> h.texts(OWNER).size() == 1);
        assertThat(h.texts(OWNER).get(0)).contains("too large", "20.0 MB", "10.0 MB", "telegram.max_document_bytes");
        assertThat(h.telegram.calls("getFile")).isEmpty();
        assertThat(h.telegram.downloads()).isEmpty();
        assertThat(h.llm.requests()).isEmpty();
    }

    @Test
    void fileWithoutSizeInTheUpdate_telegramsDownloadLimitError_isAnsweredWithoutDownload() {
        start(Map.of("BLUFIO_TELEGRAM__MAX_DOCUMENT_BYTES", String.valueOf(FakeTelegramServer.DOWNLOAD_LIMIT)));
        h.telegram.userSendsDocument(OWNER, "owner", "huge.pdf", "application/pdf", new byte[16], FakeTelegramServer.DOWNLOAD_LIMIT + 1,
                false, null);
        await().atMost(WAIT).until(() -> h.texts(OWNER).size() == 1);
        assertThat(h.texts(OWNER).get(0)).contains("Telegram lets bots download files of up to 20 MB only");
        assertThat(h.telegram.calls("getFile")).hasSize(1);
        assertThat(h.telegram.downloads()).isEmpty();
    }

    @Test
    void sizeFromGetFile_overTheCap_isRefusedBeforeDownload() {
        start(Map.of("BLUFIO_TELEGRAM__MAX_DOCUMENT_BYTES", "1000"));
        h.telegram.userSendsDocument(OWNER, "owner", "a.txt", "text/plain", "x".repeat(100).getBytes(StandardCharsets.UTF_8), 5000, false, null);
        await().atMost(WAIT).until(() -> h.texts(OWNER).size() == 1);
        assertThat(h.texts(OWNER).get(0)).contains("too large");
        assertThat(h.telegram.downloads()).isEmpty();
    }

    @Test
    void voiceNote_isTranscribedThroughTheEndpoint_andTheTranscriptIsShownInTheReply() {
        stt = new FakeTranscriptionServer().transcript("remind me to buy milk");
        start(Map.of("BLUFIO_TRANSCRIPTION__BASE_URL", stt.url(), "TRANSCRIPTION_API_KEY", FakeTranscriptionServer.API_KEY));
        byte[] ogg = ("OggS" + "\0".repeat(60)).getBytes(StandardCharsets.ISO_8859_1);
        h.llm.enqueueText("Noted: milk.");
        h.telegram.userSendsVoice(OWNER, "owner", ogg, 2);
        await().atMost(WAIT).until(() -> h.texts(OWNER).stream().anyMatch(t -> t.contains("Noted: milk.")));
        FakeTranscriptionServer.Upload u = stt.uploads().get(0);
        assertThat(u.fields()).containsEntry("model", "whisper-1").containsEntry("response_format", "json");
        assertThat(u.fileName()).isEqualTo("voice.ogg");
        assertThat(u.fileType()).isEqualTo("audio/ogg");
        assertThat(u.file()).isEqualTo(ogg);
        assertThat(lastUserContent(h.llm.lastRequest()).get(0).path("text").asText()).contains("remind me to buy milk");
        String reply = String.join("\n", h.texts(OWNER));
        assertThat(reply).contains("remind me to buy milk").contains("Noted: milk.");
    }

    @Test
    void voiceNote_withoutTranscription_getsAShortReply_noDownload() {
        start(Map.of());
        h.telegram.userSendsVoice(OWNER, "owner", "OggS....".getBytes(StandardCharsets.US_ASCII), 1);
        await().atMost(WAIT).until(() -> h.texts(OWNER).size() == 1);
        assertThat(h.texts(OWNER).get(0)).isEqualTo(MediaIntake.VOICE_OFF);
        assertThat(h.telegram.calls("getFile")).isEmpty();
        assertThat(h.llm.requests()).isEmpty();
    }

    @Test
    void modelWithoutImages_getsAClearReply_andTheNextTextTurnWorks() throws IOException {
        start(Map.of());
        h.llm.enqueueError(400, "invalid_request_error", "messages.0.content.1: image input is not supported by this model");
        h.telegram.userSendsPhoto(OWNER, "owner", jpeg(64, 64, 2), 64, 64, "look", 0);
        await().atMost(WAIT).until(() -> h.texts(OWNER).stream().anyMatch(t -> t.contains("does not take pictures")));
        h.telegram.userSends(OWNER, "owner", "just text then");
        await().atMost(WAIT).until(() -> h.texts(OWNER).contains("echo: just text then"));
        assertThat(blocks(h.llm.lastRequest(), "image")).isEmpty();  // the refused turn was not stored: no loop
    }

    @Test
    void imageReplay_isBoundedToImageHistoryTurns_olderPicturesBecomeNotes() throws IOException {
        start(Map.of());
        for (int i = 0; i < 4; i++) {
            h.telegram.userSendsPhoto(OWNER, "owner", jpeg(320, 240, 10 + i), 320, 240, "picture " + i, 0);
            int n = i + 1;
            await().atMost(WAIT).until(() -> h.texts(OWNER).size() == n);
        }
        RecordedRequest fourth = h.llm.requests().get(3);
        assertThat(blocks(fourth, "image")).hasSize(2);  // this turn's picture and the one before (image_history_turns = 2)
        assertThat(fourth.rawText()).contains("[The user sent a picture here (image/jpeg, 320x240 px)");
        assertThat(blocks(h.llm.requests().get(1), "image")).hasSize(2);
    }

    @Test
    void modelThatStopsTakingPictures_olderPictureIsResentAsANote_andTheTextTurnIsAnswered() throws IOException {
        start(Map.of());
        h.telegram.userSendsPhoto(OWNER, "owner", jpeg(128, 96, 3), 128, 96, "first", 0);
        await().atMost(WAIT).until(() -> h.texts(OWNER).size() == 1);
        h.llm.refuseWhen(body -> body.toString().contains("\"type\":\"image\""),
                new io.blufio.fixtures.FakeReply.Error(400, "invalid_request_error", "image input is not supported", Map.of()));
        h.telegram.userSends(OWNER, "owner", "and now?");
        await().atMost(WAIT).until(() -> h.texts(OWNER).contains("echo: and now?"));
        RecordedRequest last = h.llm.lastRequest();
        assertThat(blocks(last, "image")).isEmpty();
        assertThat(last.rawText()).contains("[The user sent a picture here (image/jpeg, 128x96 px)");
    }

    @Test
    void documentSave_writesTheDocumentsTextToTheWorkspace_withoutTheModelRepeatingIt() throws IOException {
        Path workspace = tmp.resolve("ws");
        h = new TelegramHarness(tmp, Duration.ofSeconds(12), Map.of(), new FakeTelegramServer(), FakeTelegramServer.TOKEN, db -> {
            var ws = io.blufio.tools.WorkspaceTools.over(workspace);
            var write = ws.stream().filter(t -> t.name().equals("workspace_write")).findFirst().orElseThrow();
            return new io.blufio.tools.ToolRegistry(List.of(write, io.blufio.agent.DocumentTools.over(db, write)));
        });
        h.llm.enqueueToolUse("document_save", "{\"path\":\"docs/report.txt\"}").enqueueText("Saved.");
        h.telegram.userSendsDocument(OWNER, "owner", "report.pdf", "application/pdf", pdf("Quarterly numbers went up."), 0, true,
                "keep this");
        await().atMost(WAIT).until(() -> h.texts(OWNER).contains("Saved."));
        assertThat(java.nio.file.Files.readString(workspace.resolve("docs/report.txt"))).contains("Quarterly numbers went up.")
                .doesNotContain("<document");
    }

    @Test
    void photoWhoseEverySizeIsOverMaxPhotoBytes_isRefusedBeforeAnyCall() throws IOException {
        start(Map.of("BLUFIO_TELEGRAM__MAX_PHOTO_BYTES", "10"));
        h.telegram.userSendsPhoto(OWNER, "owner", jpeg(200, 100, 4), 200, 100, "big", 0);
        await().atMost(WAIT).until(() -> h.texts(OWNER).size() == 1);
        assertThat(h.texts(OWNER).get(0)).contains("That picture is too large", "telegram.max_photo_bytes");
        assertThat(h.telegram.calls("getFile")).isEmpty();
        assertThat(h.telegram.downloads()).isEmpty();
    }

    @Test
    void transcriptionServerRefusingTheKey_failsTheTurnWithAMessageNamingTheSetting() {
        stt = new FakeTranscriptionServer();
        start(Map.of("BLUFIO_TRANSCRIPTION__BASE_URL", stt.url(), "TRANSCRIPTION_API_KEY", "wrong"));
        h.telegram.userSendsVoice(OWNER, "owner", ("OggS" + "\0".repeat(20)).getBytes(StandardCharsets.ISO_8859_1), 1);
        await().atMost(WAIT).until(() -> h.texts(OWNER).stream().anyMatch(t -> t.contains("transcription.api_key")));
        assertThat(h.llm.requests()).isEmpty();
    }

    @Test
    void malformedPdf_isAnsweredAndThePollLoopMovesOn() {
        start(Map.of());
        byte[] broken = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"
                .getBytes(StandardCharsets.US_ASCII);
        h.telegram.userSendsDocument(OWNER, "owner", "broken.pdf", "application/pdf", broken, 0, true, null);
        await().atMost(WAIT).until(() -> h.texts(OWNER).size() == 1);
        assertThat(h.texts(OWNER).get(0)).containsAnyOf("I could not read the text of broken.pdf", "broken.pdf has no text");
        h.telegram.userSends(OWNER, "owner", "still there?");
        await().atMost(WAIT).until(() -> h.texts(OWNER).contains("echo: still there?"));
    }

    @Test
    void pdfEncryptedForACertificate_isAnsweredAndThePollLoopMovesOn() {
        start(Map.of());
        h.telegram.userSendsDocument(OWNER, "owner", "pubsec.pdf", "application/pdf", publicKeyEncryptedPdf(), 0, true, null);
        await().atMost(WAIT).until(() -> h.texts(OWNER).size() == 1);
        assertThat(h.texts(OWNER).get(0)).contains("I could not read the text of pubsec.pdf").contains("public-key security");
        h.telegram.userSends(OWNER, "owner", "still there?");
        await().atMost(WAIT).until(() -> h.texts(OWNER).contains("echo: still there?"));
    }

    /** Returns a one-page PDF whose trailer names an {@code /Adobe.PubSec} (certificate) encryption dictionary. */
    static byte[] publicKeyEncryptedPdf() {
        List<String> objects = List.of("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
                "<< /Filter /Adobe.PubSec /SubFilter /adbe.pkcs7.s4 /V 2 /Length 128 /R 3 /Recipients [<3003020101>] >>");
        StringBuilder pdf = new StringBuilder("%PDF-1.7\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.length());
            pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
        }
        int xref = pdf.length();
        pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
        for (int offset : offsets) pdf.append(String.format(java.util.Locale.ROOT, "%010d 00000 n \n", offset));
        String id = "<0123456789abcdef0123456789abcdef>";
        pdf.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R /Encrypt 4 0 R /ID [").append(id).append(id)
                .append("] >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        return pdf.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
