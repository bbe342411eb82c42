/**
 * Who may call the signed API: device keys (Ed25519, RFC 8032), RFC 9421 HTTP Message Signatures with
 * RFC 9530 {@code Content-Digest}, and the nonce cache that stops replays (SPEC section 6).
 *
 * <p>Imports {@code io.blufio.store} and the root package only; never the gateway, the CLI or the agent.
 * Never puts key material (private keys, seeds, PEM text) in an exception, a log line or a
 * {@code toString}.
 */
package io.blufio.auth;
