/**
 * The HTTP gateway (SPEC section 6): a small HTTP/1.1 server on plain sockets with a virtual thread per
 * connection, every bound named in {@link io.blufio.channel.gateway.GatewayLimits}, routes as data, JSON
 * errors, RFC 9421 signatures on every {@code /v1/*} route checked from the headers before a body is read.
 * Must not import {@code ops} or {@code cli}; health and metrics routes are handed in as {@link io.blufio.channel.gateway.Route}s.
 */
package io.blufio.channel.gateway;
