package io.blufio.ops;

import io.blufio.channel.gateway.Request;
import io.blufio.channel.gateway.Route;
import java.util.List;

/** The health routes of SPEC section 6: {@code /health}, {@code /health/live}, {@code /health/ready} (open) and {@code /v1/health} (signed). */
public final class HealthRoutes {
    private final Health health;

    public HealthRoutes(Health health) {
        this.health = health;
    }

    /** Returns the four routes. */
    public List<Route> routes() {
        return List.of(
                new Route("GET", "/health", false, req -> {
                    var body = health.summary(Request.JSON);
                    req.respondJson("unhealthy".equals(body.path("status").asText()) ? 503 : 200, body);
                }),
                new Route("GET", "/health/live", false, req -> req.respondJson(health.live() ? 200 : 503,
                        Request.JSON.createObjectNode().put("status", health.live() ? "up" : "down"))),
                new Route("GET", "/health/ready", false, req -> req.respondJson(health.ready() ? 200 : 503,
                        Request.JSON.createObjectNode().put("status", health.ready() ? "up" : "down"))),
                new Route("GET", "/v1/health", true, req -> req.respondJson(200, health.detail(Request.JSON))));
    }
}
