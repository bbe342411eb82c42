/**
 * The secrets vault: a random 256-bit master key wrapped under a key derived from the operator's
 * passphrase by Argon2id (RFC 9106, Bouncy Castle), entries sealed with AES-256-GCM (NIST SP 800-38D,
 * the JDK's provider) with their name as associated data, all stored in the database ({@code store}) so
 * backups carry them; and the resolution of the secret config keys (environment, then vault, then TOML).
 * It never prints, logs or returns a secret in an error message, and zeroes the key material it holds.
 * It must not depend on anything but {@code store} and {@code config}.
 */
package io.blufio.vault;
