package io.blufio.llm;

import java.net.URI;

/**
 * Who we talk to, for error messages that say what to fix: the display name, the environment variable and
 * config keys that carry the key and the base URL. Never holds the key itself.
 *
 * @param displayName e.g. {@code Anthropic}
 * @param keyEnvVar e.g. {@code ANTHROPIC_API_KEY}
 * @param configSection e.g. {@code llm.anthropic}
 * @param baseUrl the configured API root, shown as host and port only
 */
record Vendor(String displayName, String keyEnvVar, String configSection, URI baseUrl) {

    /** Returns {@code host:port} of the base URL (no path, no credentials), for messages. */
    String hostAndPort() {
        if (baseUrl.getHost() == null) {
            return String.valueOf(baseUrl);
        }
        int port = baseUrl.getPort();
        return port < 0 ? baseUrl.getHost() : baseUrl.getHost() + ":" + port;
    }

    /** Returns the "how to fix a key" hint shared by the missing-key and refused-key messages. */
    String keyHint() {
        return "set " + keyEnvVar + " or " + configSection + ".api_key (or store it in the vault)";
    }
}
