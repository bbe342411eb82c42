/**
 * Tools the model may call ({@link io.blufio.tools.Tool}) and the built-ins. Owns tool bounds
 * (sizes, time) and their guards. Must not import {@code agent}, {@code channel}, {@code cli}; there
 * is no shell tool.
 */
package io.blufio.tools;
