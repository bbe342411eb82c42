/**
 * blufio: an always-on personal AI agent. The root package holds only what every package shares:
 * the {@link io.blufio.BlufioException} family, the build {@link io.blufio.Version} and the
 * {@link io.blufio.Redactor}, the one redaction layer every log line and outgoing error message passes.
 */
package io.blufio;
