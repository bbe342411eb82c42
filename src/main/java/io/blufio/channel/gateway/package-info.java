/**
 * The HTTP gateway (SPEC section 6) on the JDK's {@code com.sun.net.httpserver} with a virtual-thread
 * executor: routes as data, one body-size limit, JSON errors, RFC 9421 signatures on every {@code /v1/*}
 * route. Must not import {@code ops} or {@code cli}; health and metrics routes are handed in as {@link io.blufio.channel.gateway.Route}s.
 */
package io.blufio.channel.gateway;
