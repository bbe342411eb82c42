package io.blufio.config;

/**
 * {@code [transcription]}: an OpenAI-compatible speech-to-text endpoint for Telegram voice notes (SPEC
 * section 15), called as {@code POST <base_url>/audio/transcriptions}
 * (https://platform.openai.com/docs/api-reference/audio/createTranscription). Off while {@code base_url} is
 * absent: voice notes then get a short reply naming this section.
 *
 * @param baseUrl API root, e.g. {@code https://api.openai.com/v1}; absent = transcription off
 * @param model transcription model (default {@code whisper-1})
 * @param apiKey secret; prefer {@code TRANSCRIPTION_API_KEY} or the vault; may be absent for a local server
 */
public record TranscriptionConfig(String baseUrl, String model, String apiKey) {
    public TranscriptionConfig {
        if (baseUrl != null) baseUrl = Check.httpUrl("transcription.base_url", baseUrl);
        model = Check.or(model, "whisper-1");
        if (model.isBlank()) throw new ConfigException("transcription.model", "is empty; remove it to use whisper-1");
    }

    /** Returns true when voice notes can be transcribed ({@code base_url} is set). */
    public boolean enabled() {
        return baseUrl != null;
    }

    @Override
    public String toString() {
        return "TranscriptionConfig[baseUrl=" + baseUrl + ", model=" + model + "]";
    }
}
