package io.blufio.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.blufio.config.TranscriptionConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Speech to text through an OpenAI-compatible {@code POST <base_url>/audio/transcriptions}
 * (https://platform.openai.com/docs/api-reference/audio/createTranscription): a {@code multipart/form-data}
 * body (RFC 7578) with the parts {@code file} (the audio, with a file name whose extension names its format,
 * and its content type), {@code model} and {@code response_format=json}; the answer is {@code {"text": s}}.
 * OpenAI, Groq, LocalAI, faster-whisper-server and whisper.cpp's server speak it. Thread-safe.
 */
public final class Transcriber {
    /** Longest wait for a transcription answer: 120 s (a minute of speech takes a few seconds). */
    public static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Largest answer read: 1 MiB of JSON. */
    static final int MAX_ANSWER_BYTES = 1 << 20;

    private final URI url;
    private final String model;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final SecureRandom random = new SecureRandom();

    /** @param cfg {@code [transcription]}, which must have a {@code base_url} */
    public Transcriber(TranscriptionConfig cfg) {
        String base = cfg.baseUrl().endsWith("/") ? cfg.baseUrl().substring(0, cfg.baseUrl().length() - 1) : cfg.baseUrl();
        this.url = URI.create(base + "/audio/transcriptions");
        this.model = cfg.model();
        this.apiKey = cfg.apiKey();
    }

    /**
     * Returns the text spoken in {@code audio}.
     *
     * @param mime the audio's type as read from its bytes ({@code audio/ogg}, {@code audio/mpeg}, ...)
     * @throws LlmException {@link LlmError#AUTH} (401/403), {@link LlmError#UNREACHABLE}, {@link LlmError#TIMEOUT},
     *     {@link LlmError#REQUEST_REFUSED} for any other refusal or an answer without {@code text}; each names
     *     {@code [transcription]}
     */
    public String transcribe(byte[] audio, String mime) {
        String boundary = "blufio-" + HexFormat.of().formatHex(bytes(12));
        byte[] body = multipart(boundary, model, audio, mime);
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("content-type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null && !apiKey.isBlank()) b.header("authorization", "Bearer " + apiKey);
        HttpResponse<java.io.InputStream> r;
        byte[] answer;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream in = r.body()) {
                answer = in.readNBytes(MAX_ANSWER_BYTES);  // bounded: never buffers more than 1 MiB of answer
            }
        } catch (java.net.http.HttpTimeoutException e) {
            throw new LlmException(LlmError.TIMEOUT, 0, "transcription at " + host() + " did not answer within " + TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new LlmException(LlmError.UNREACHABLE, 0, "cannot reach the transcription server at " + host() + " ("
                    + e.getClass().getSimpleName() + "); check transcription.base_url", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException(LlmError.UNREACHABLE, 0, "transcription interrupted (shutting down)", e);
        }
        String text = new String(answer, StandardCharsets.UTF_8);
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new LlmException(LlmError.AUTH, r.statusCode(), "the transcription server at " + host() + " refused the key (HTTP "
                    + r.statusCode() + "); set transcription.api_key (TRANSCRIPTION_API_KEY or blufio config set-secret transcription.api_key)", null);
        }
        if (r.statusCode() / 100 != 2) {
            throw new LlmException(LlmError.REQUEST_REFUSED, r.statusCode(), "the transcription server at " + host() + " answered HTTP "
                    + r.statusCode() + ": " + StreamedAnswer.clip(message(text)), null);
        }
        try {
            JsonNode json = Wire.JSON.readTree(text);
            JsonNode t = json == null ? null : json.get("text");
            if (t != null && t.isTextual()) return t.asText().strip();
        } catch (IOException notJson) {
            // answered below
        }
        throw new LlmException(LlmError.REQUEST_REFUSED, r.statusCode(), "the transcription server at " + host()
                + " answered without a \"text\" field; is transcription.base_url an OpenAI-compatible server?", null);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Returns the form: {@code model}, {@code response_format}, then {@code file} (RFC 7578). */
    static byte[] multipart(String boundary, String model, byte[] audio, String mime) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(audio.length + 512);
        out.writeBytes(line("--" + boundary));
        out.writeBytes(line("Content-Disposition: form-data; name=\"model\""));
        out.writeBytes(line(""));
        out.writeBytes(line(model));
        out.writeBytes(line("--" + boundary));
        out.writeBytes(line("Content-Disposition: form-data; name=\"response_format\""));
        out.writeBytes(line(""));
        out.writeBytes(line("json"));
        out.writeBytes(line("--" + boundary));
        out.writeBytes(line("Content-Disposition: form-data; name=\"file\"; filename=\"voice." + extension(mime) + "\""));
        out.writeBytes(line("Content-Type: " + mime));
        out.writeBytes(line(""));
        out.writeBytes(audio);
        out.writeBytes(line(""));
        out.writeBytes(line("--" + boundary + "--"));
        return out.toByteArray();
    }

    /** Returns the file extension OpenAI reads the format from: ogg, mp3, wav, m4a, webm or flac. */
    static String extension(String mime) {
        return switch (mime) {
            case "audio/mpeg" -> "mp3";
            case "audio/wav" -> "wav";
            case "audio/mp4" -> "m4a";
            case "audio/webm" -> "webm";
            case "audio/flac" -> "flac";
            default -> "ogg";
        };
    }

    private String host() {
        return url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }

    private static String message(String body) {
        try {
            JsonNode n = Wire.JSON.readTree(body);
            JsonNode m = n == null ? null : n.path("error").path("message");
            if (m != null && m.isTextual()) return m.asText();
        } catch (IOException notJson) {
            // quoted as it is
        }
        return body;
    }

    private static byte[] line(String s) {
        return (s + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
