package io.blufio.ops.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.Redactor;
import io.blufio.config.BlufioConfig;
import io.blufio.config.TelegramConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Telegram: the token is checked with {@code getMe} (https://core.telegram.org/bots/api#getme); the long
 * poll's liveness is the daemon's {@code last_ok_at} of its last <em>completed</em> {@code getUpdates}
 * (SPEC 5), never {@code getMe}, so a dead poll is not reported healthy.
 */
final class TelegramChecks {
    static final String TOKEN = "telegram token";
    static final String POLL = "telegram poll";
    /** Slack over twice the poll timeout before a poll counts as stalled (as the channel's own watchdog). */
    static final Duration SLACK = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = io.blufio.Json.MAPPER;
    private static final String TOKEN_FIX = "get the token from @BotFather and set TELEGRAM_BOT_TOKEN or `blufio config set-secret telegram.bot_token`";

    private TelegramChecks() {}

    static Check token(DoctorContext ctx) {
        return new Check(TOKEN, ctx.limits().check(), "check this host's network and telegram.api_base_url", () -> runToken(ctx))
                .after(ctx.secretsReady());
    }

    static Check poll(DoctorContext ctx) {
        return new Check(POLL, ctx.limits().check(), "the daemon did not answer: see `blufio status` and its log", () -> runPoll(ctx))
                .after(ctx.secretsReady());
    }

    /** Returns the token, empty when none is configured; null when it may be in a vault doctor cannot unlock. */
    private static Optional<String> botToken(DoctorContext ctx) throws Exception {
        BlufioConfig cfg;
        try {
            cfg = ctx.resolved().get();
        } catch (java.util.concurrent.ExecutionException e) {
            return null;  // the vault is locked: the token, if any, cannot be read here
        }
        String t = cfg.telegram().botToken();
        return t == null || t.isBlank() ? Optional.empty() : Optional.of(t);
    }

    /** Skip text when the vault is locked. */
    static final String VAULT_LOCKED = "cannot tell: the vault is locked (set BLUFIO_VAULT_KEY to check a token stored there)";

    static CheckResult runToken(DoctorContext ctx) throws Exception {
        Optional<String> token = botToken(ctx);
        if (token == null) return CheckResult.skip(TOKEN, VAULT_LOCKED);
        if (token.isEmpty()) return CheckResult.skip(TOKEN, "not configured (no telegram.bot_token)");
        TelegramConfig tg = ctx.loaded().config().telegram();
        URI uri = URI.create(tg.apiBaseUrl().replaceAll("/+$", "") + "/bot" + token.get() + "/getMe");
        HttpResponse<String> res;
        try {
            res = ctx.http().send(HttpRequest.newBuilder(uri).timeout(ctx.limits().network()).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return CheckResult.fail(TOKEN, "network: cannot reach " + tg.apiBaseUrl() + " (" + Redactor.redact(e.toString()) + ")",
                    "check this host's network, DNS and proxy, and telegram.api_base_url");
        }
        JsonNode body = parse(res.body());
        if (res.statusCode() == 401 || res.statusCode() == 404) {
            return CheckResult.fail(TOKEN, "Telegram rejected the bot token (HTTP " + res.statusCode() + " " + body.path("description").asText("") + ")", TOKEN_FIX);
        }
        if (res.statusCode() != 200 || !body.path("ok").asBoolean(false)) {
            return CheckResult.warn(TOKEN, "getMe answered HTTP " + res.statusCode() + " " + body.path("description").asText(""),
                    "run `blufio doctor` again in a minute; if it persists, check telegram.api_base_url");
        }
        return CheckResult.ok(TOKEN, "bot @" + body.path("result").path("username").asText("?") + " (getMe)");
    }

    static CheckResult runPoll(DoctorContext ctx) throws Exception {
        Optional<String> token = botToken(ctx);
        if (token != null && token.isEmpty()) return CheckResult.skip(POLL, "not configured");
        Optional<JsonNode> health = ctx.daemonHealth().get(ctx.limits().check().toMillis(), TimeUnit.MILLISECONDS);
        if (health.isEmpty()) return CheckResult.skip(POLL, "the daemon is not running");
        JsonNode ch = health.get().path("channels").path("telegram");
        if (ch.isMissingNode() && token == null) return CheckResult.skip(POLL, "the running daemon has no telegram channel");
        if (ch.isMissingNode()) {
            return CheckResult.warn(POLL, "the running daemon has no telegram channel", "restart the daemon so it picks up the token: systemctl restart blufio");
        }
        Duration limit = Duration.ofSeconds(2L * ctx.loaded().config().telegram().pollTimeoutS()).plus(SLACK);
        String state = ch.path("state").asText();
        String err = ch.path("last_error").isNull() ? null : Redactor.redact(ch.path("last_error").asText());
        Instant ok = ch.path("last_ok_at").isTextual() ? Instant.parse(ch.path("last_ok_at").asText()) : null;
        long age = ok == null ? -1 : Duration.between(ok, ctx.clock().instant()).toSeconds();
        if ("failed".equals(state)) return CheckResult.fail(POLL, "polling stopped: " + err, TOKEN_FIX + ", then systemctl restart blufio");
        if (ok == null) {
            return CheckResult.fail(POLL, "no getUpdates has completed yet (state " + state + (err == null ? "" : ": " + err) + ")",
                    "check the network to api.telegram.org and the daemon's log (journalctl -u blufio)");
        }
        if (age > limit.toSeconds()) {
            return CheckResult.fail(POLL, "the last completed getUpdates was " + age + " s ago (limit " + limit.toSeconds() + " s; state " + state
                    + (err == null ? "" : ": " + err) + ")", "check the network and the daemon's log (journalctl -u blufio); then systemctl restart blufio");
        }
        return CheckResult.ok(POLL, "last completed getUpdates " + age + " s ago (state " + state + ")");
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
