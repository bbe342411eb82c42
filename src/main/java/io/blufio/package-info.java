/**
 * blufio: an always-on personal AI agent. The root package holds only what every package shares:
 * the {@link io.blufio.BlufioException} family and the build {@link io.blufio.Version}.
 */
package io.blufio;
