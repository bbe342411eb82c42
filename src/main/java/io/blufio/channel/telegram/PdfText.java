package io.blufio.channel.telegram;

import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The text of a PDF, by Apache PDFBox 3 ({@code Loader.loadPDF}, {@code PDFTextStripper};
 * https://pdfbox.apache.org/3.0/migration.html). The only class that names PDFBox: nothing of PDFBox is
 * loaded until the first PDF arrives (the JVM loads classes on first use), so a daemon that never sees a
 * PDF never pays for it. PDFBox keeps the parsed document in memory, bounded by
 * {@code telegram.max_document_bytes}; pages past {@link #MAX_PAGES} are not read.
 */
final class PdfText {
    /** Pages read at most: 500 (a 100,000-character cap is usually reached far sooner). */
    static final int MAX_PAGES = 500;

    private PdfText() {}

    /**
     * Returns the text of {@code pdf}, at most {@code maxChars} characters plus one (so the caller can tell a cut).
     *
     * @throws IOException when the bytes are not a readable PDF, or it is encrypted with a password; a
     *     malformed PDF that makes PDFBox throw anything else (runtime exceptions, a stack overflow on deep
     *     nesting) is reported as an {@code IOException} too, so one hostile file cannot wedge the poll loop; so is
     *     a PDF encrypted for certificates ({@code /Filter /Adobe.PubSec}), whose handler needs Bouncy Castle's
     *     {@code bcpkix}, which the distribution does not ship (PDFBox throws {@code NoClassDefFoundError}; left
     *     uncaught it ended the poll thread, and the unconfirmed update did it again at every start)
     */
    static String extract(byte[] pdf, int maxChars) throws IOException {
        try {
            return read(pdf, maxChars);
        } catch (RuntimeException | StackOverflowError e) {
            throw new IOException("the PDF is malformed (" + e.getClass().getSimpleName() + ")", e);
        } catch (NoClassDefFoundError e) {
            throw new IOException("the PDF is encrypted for certificate holders (public-key security), which I cannot open", e);
        }
    }

    private static String read(byte[] pdf, int maxChars) throws IOException {
        // scratch streams go to temporary files, not the heap (the daemon's heap is small: -Xmx64m)
        try (PDDocument doc = Loader.loadPDF(pdf, "", null, null, IOUtils.createTempFileOnlyStreamCache())) {
            if (doc.isEncrypted() && !doc.getCurrentAccessPermission().canExtractContent()) {
                throw new IOException("the PDF is protected against text extraction");
            }
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            StringBuilder out = new StringBuilder();
            int pages = Math.min(doc.getNumberOfPages(), MAX_PAGES);
            for (int p = 1; p <= pages && out.length() <= maxChars; p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                out.append(stripper.getText(doc));
            }
            return out.length() > maxChars + 1 ? out.substring(0, maxChars + 1) : out.toString();
        }
    }
}
