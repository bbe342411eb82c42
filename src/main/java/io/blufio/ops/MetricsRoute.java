package io.blufio.ops;

import io.blufio.channel.gateway.Route;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}: Prometheus text exposition, unauthenticated (bind stays loopback unless allowed). */
public final class MetricsRoute {
    /** Content type of the Prometheus text format 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsRoute() {}

    /** Returns the route serving {@code metrics}. */
    public static Route route(Metrics metrics) {
        return new Route("GET", "/metrics", false, req -> req.respond(200, CONTENT_TYPE, metrics.scrape().getBytes(StandardCharsets.UTF_8)));
    }
}
