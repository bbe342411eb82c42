package io.blufio.bench;

import io.blufio.fixtures.FakeAnthropicServer;
import io.blufio.fixtures.FakeTelegramServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Media benchmark (issue 18), a real daemon (distribution launcher, production JVM flags) against the
 * loopback Telegram and Anthropic stand-ins.
 * <ol>
 *   <li>Request bytes of each of {@code photos} photo turns (800x600 noisy JPEG, about 100 KB each) with
 *       {@code agent.image_history_turns} 2 (the default) and 1000 (every picture replayed).</li>
 *   <li>RSS of the daemon idle, then after one {@code pages}-page PDF (PDFBox loaded on first use), then 10 s later.</li>
 * </ol>
 * Usage: bench/media.sh [photos] [pages]. Not part of the test suite.
 */
public final class MediaBench {
    private static final long OWNER = 42;

    public static void main(String[] args) throws Exception {
        int photos = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int pages = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path launcher = Path.of(System.getProperty("blufio.launcher"));
        long[] bounded = replay(launcher, photos, 2);
        long[] all = replay(launcher, photos, 1000);
        System.out.println("photo turn | request bytes, image_history_turns=2 | request bytes, every picture replayed");
        for (int i = 0; i < photos; i++) System.out.printf("%10d | %,36d | %,37d%n", i + 1, bounded[i], all[i]);
        pdf(launcher, pages);
    }

    private static Map<String, String> env(FakeAnthropicServer llm, FakeTelegramServer tg) {
        return new HashMap<>(Map.of("ANTHROPIC_API_KEY", FakeAnthropicServer.API_KEY, "BLUFIO_LLM__ANTHROPIC__BASE_URL", llm.url(),
                "TELEGRAM_BOT_TOKEN", FakeTelegramServer.TOKEN, "BLUFIO_TELEGRAM__API_BASE_URL", tg.url(),
                "BLUFIO_TELEGRAM__POLL_TIMEOUT_S", "1", "BLUFIO_TELEGRAM__ALLOWED_USERS", "[\"" + OWNER + "\"]",
                "BLUFIO_AGENT__LOG_LEVEL", "warn", "BLUFIO_MEMORY__ENABLED", "false"));
    }

    private static long[] replay(Path launcher, int photos, int imageTurns) throws Exception {
        Path tmp = Files.createTempDirectory("blufio-media");
        try (FakeAnthropicServer llm = new FakeAnthropicServer(); FakeTelegramServer tg = new FakeTelegramServer()) {
            Map<String, String> env = env(llm, tg);
            env.put("BLUFIO_AGENT__IMAGE_HISTORY_TURNS", String.valueOf(imageTurns));
            try (BenchDaemon d = new BenchDaemon(launcher, tmp.resolve("data"), env)) {
                long[] bytes = new long[photos];
                for (int i = 0; i < photos; i++) {
                    tg.userSendsPhoto(OWNER, "owner", jpeg(800, 600, i), 800, 600, "picture " + i, 0);
                    int n = i + 1;
                    waitFor(() -> tg.messagesTo(OWNER).size() >= n, 60);
                    bytes[i] = llm.requests().get(i).bodyBytes();
                }
                return bytes;
            }
        }
    }

    private static void pdf(Path launcher, int pages) throws Exception {
        Path tmp = Files.createTempDirectory("blufio-media");
        byte[] pdf = pdfOf(pages);
        try (FakeAnthropicServer llm = new FakeAnthropicServer(); FakeTelegramServer tg = new FakeTelegramServer();
             BenchDaemon d = new BenchDaemon(launcher, tmp.resolve("data"), env(llm, tg))) {
            tg.userSends(OWNER, "owner", "hello");
            waitFor(() -> tg.messagesTo(OWNER).size() >= 1, 60);
            Thread.sleep(10_000);
            long idle = d.rssBytes();
            tg.userSendsDocument(OWNER, "owner", "report.pdf", "application/pdf", pdf, 0, true, "summarise");
            waitFor(() -> tg.messagesTo(OWNER).size() >= 2, 120);
            long after = d.rssBytes();
            Thread.sleep(10_000);
            long later = d.rssBytes();
            System.out.printf("PDF of %d pages (%,d bytes, %,d characters sent): RSS idle %.1f MB, after the PDF %.1f MB (+%.1f), 10 s later %.1f MB (+%.1f)%n",
                    pages, pdf.length, llm.lastRequest().rawText().length(), idle / 1e6, after / 1e6, (after - idle) / 1e6, later / 1e6,
                    (later - idle) / 1e6);
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check c, int seconds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!c.ok()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out");
            Thread.sleep(20);
        }
    }

    static byte[] jpeg(int w, int h, long seed) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, (x * 255 / w) << 16 | (y * 255 / h) << 8 | r.nextInt(64));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    static byte[] pdfOf(int pages) throws Exception {
        try (PDDocument doc = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int p = 0; p < pages; p++) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 10);
                    cs.setLeading(12);
                    cs.newLineAtOffset(50, 740);
                    for (int l = 0; l < 55; l++) {
                        cs.showText("Page " + (p + 1) + " line " + (l + 1) + ": the quick brown fox jumps over the lazy dog, twice.");
                        cs.newLine();
                    }
                    cs.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }
}
