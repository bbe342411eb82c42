package io.blufio.ops.doctor;

import io.blufio.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.blufio.Redactor;
import io.blufio.config.BlufioConfig;
import io.blufio.config.LlmConfig;
import io.blufio.config.LlmProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.blufio.vault.SecretResolver;

/**
 * The LLM credentials check: one authenticated, free request that lists models. Anthropic: {@code GET
 * {base_url}/v1/models} with {@code x-api-key} and {@code anthropic-version: 2023-06-01}
 * (https://docs.anthropic.com/en/api/models-list); OpenAI-compatible: {@code GET {base_url}/models} with
 * {@code Authorization: Bearer} (https://platform.openai.com/docs/api-reference/models/list). A 401 or 403
 * is a bad key; no answer at all is the network; 429 and 5xx are the provider's trouble (warning).
 */
final class LlmCheck {
    static final String NAME = "llm credentials";
    /** The Anthropic API version sent, as the Messages adapter does. */
    static final String ANTHROPIC_VERSION = "2023-06-01";
    private static final ObjectMapper JSON = io.blufio.Json.MAPPER;

    private LlmCheck() {}

    static Check check(DoctorContext ctx) {
        return new Check(NAME, ctx.limits().check(), "the provider did not answer in time: check this host's network, DNS and proxy, and "
                + baseKey(ctx.loaded().config().llm()), () -> run(ctx)).after(ctx.secretsReady());
    }

    /** Returns where the key came from, for the report: "from ANTHROPIC_API_KEY (environment)", "from the vault entry ...". */
    static String describe(Optional<SecretResolver.Resolution> r) {
        if (r.isEmpty()) return "";
        SecretResolver.Resolution res = r.get();
        return switch (res.source()) {
            case ENV -> " from " + res.where() + " (environment, " + res.masked() + ")";
            case VAULT -> " from the vault entry " + res.where() + " (" + res.masked() + ")";
            case FILE -> " from the config file's " + res.name() + " (" + res.masked() + ")";
            case UNSET -> "";
        };
    }

    /** Returns the fix for a rejected key, pointing at where that key came from. */
    static String keyFix(Optional<SecretResolver.Resolution> r, LlmProvider provider, Optional<java.nio.file.Path> file) {
        String vaultName = provider.wireName() + ".api_key";  // anthropic.api_key: the vault entry and its shorthand variable
        String configKey = "llm." + vaultName;
        String shorthand = provider.name() + "_API_KEY";
        SecretResolver.Source source = r.map(SecretResolver.Resolution::source).orElse(SecretResolver.Source.UNSET);
        String how = switch (source) {
            case ENV -> "set a valid key in " + r.get().where() + " (it wins over the vault and the file)";
            case VAULT -> "store a valid key: blufio config set-secret " + vaultName;
            case FILE -> "fix " + configKey + " in " + file.map(Object::toString).orElse("the config file")
                    + " (better: move it to the vault with blufio config set-secret " + vaultName + ")";
            case UNSET -> "set a valid key: " + shorthand + "=... or `blufio config set-secret " + vaultName + "`";
        };
        return how + ", then restart the daemon";
    }

    private static String baseKey(LlmConfig llm) {
        return "llm." + llm.provider().wireName() + ".base_url";
    }

    static CheckResult run(DoctorContext ctx) throws Exception {
        DoctorSecrets secrets = ctx.secrets().get();
        if (secrets.result() == null) {
            return CheckResult.fail(NAME, "cannot read the API key: " + Redactor.redact(secrets.resolveError().getMessage()),
                    ErrorCode.VAULT_PASSPHRASE.is(secrets.resolveError()) ? "set " + DoctorSecrets.KEY_ENV + " to the vault's passphrase"
                            : "unlock the vault: set " + DoctorSecrets.KEY_ENV + " to its passphrase (doctor never prompts)");
        }
        BlufioConfig cfg = secrets.config();
        LlmConfig llm = cfg.llm();
        boolean anthropic = llm.provider() == LlmProvider.ANTHROPIC;
        String key = llm.apiKey();
        Optional<SecretResolver.Resolution> source = secrets.source("llm." + llm.provider().wireName() + ".api_key");
        String from = describe(source);
        String keyFix = keyFix(source, llm.provider(), ctx.loaded().file());
        boolean hasKey = key != null && !key.isBlank();
        if (anthropic && !hasKey) {
            CheckResult fromDaemon = fromDaemon(ctx);
            if (fromDaemon != null) return fromDaemon;
            return CheckResult.fail(NAME, "no API key for anthropic", keyFix);
        }
        String base = (anthropic ? llm.anthropic().baseUrl() : llm.openai().baseUrl()).replaceAll("/+$", "");
        String url = base + (anthropic ? "/v1/models" : "/models");
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(ctx.limits().network()).GET();
        if (anthropic) rb.header("x-api-key", key).header("anthropic-version", ANTHROPIC_VERSION);
        else if (hasKey) rb.header("Authorization", "Bearer " + key);
        HttpResponse<String> res;
        try {
            res = ctx.http().send(rb.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return CheckResult.fail(NAME, "network: no answer from " + url + " within " + ctx.limits().network().toMillis() + " ms",
                    "check this host's network, DNS and proxy, and " + baseKey(llm) + "; on a slow link: blufio doctor --timeout 5");
        } catch (javax.net.ssl.SSLException e) {
            return CheckResult.fail(NAME, "TLS: the connection to " + url + " was refused by TLS (" + Redactor.redact(e.getMessage()) + ")",
                    "check the system's CA certificates and any TLS-intercepting proxy, and " + baseKey(llm));
        } catch (IOException e) {
            return CheckResult.fail(NAME, "network: cannot reach " + url + " (" + Redactor.redact(e.toString()) + ")",
                    "check this host's network, DNS and proxy, and " + baseKey(llm));
        }
        int code = res.statusCode();
        String provider = llm.provider().wireName();
        if (code == 401 || code == 403) {
            return CheckResult.fail(NAME, provider + " rejected the API key" + from + " (HTTP " + code + errorText(res.body()) + ")", keyFix);
        }
        if (code == 429 || code >= 500) {
            return CheckResult.warn(NAME, provider + " answered HTTP " + code + errorText(res.body()) + " (the key was not judged)",
                    "wait a minute and run `blufio doctor` again; see the provider's status page");
        }
        if (code != 200) {
            return CheckResult.fail(NAME, provider + " answered HTTP " + code + errorText(res.body()) + " at " + url,
                    "check " + baseKey(llm) + " (Anthropic: the API root without /v1; OpenAI-compatible: with /v1)");
        }
        List<String> models = models(res.body());
        String detail = provider + " accepted the " + (hasKey ? "key" + from : "request (no key)");
        if (!models.isEmpty() && !models.contains(llm.model())) {
            return CheckResult.warn(NAME, detail + ", but model " + llm.model() + " is not in its list of " + models.size(),
                    "set llm." + provider + ".model to one of: " + String.join(", ", models.subList(0, Math.min(5, models.size()))));
        }
        return CheckResult.ok(NAME, detail + (models.isEmpty() ? "" : "; model " + llm.model() + " is available"));
    }

    private static List<String> models(String body) {
        List<String> ids = new ArrayList<>();
        try {
            for (JsonNode m : JSON.readTree(body).path("data")) if (m.hasNonNull("id")) ids.add(m.get("id").asText());
        } catch (IOException e) {
            // not JSON: the key was accepted all the same
        }
        return ids;
    }

    private static String errorText(String body) {
        try {
            JsonNode n = JSON.readTree(body).path("error");
            String msg = n.isTextual() ? n.asText() : n.path("message").asText("");
            return msg.isBlank() ? "" : ": " + Redactor.redact(msg);
        } catch (IOException e) {
            return "";
        }
    }

    /** Returns the fix for the daemon's last error ({@code llm_auth: ...}, {@code llm_unreachable: ...}): a key fix only for a refused key. */
    static String daemonFix(String lastError) {
        String code = lastError.contains(":") ? lastError.substring(0, lastError.indexOf(':')).strip() : "";
        return switch (code) {
            case "llm_auth" -> "check the key the daemon uses (its environment or vault), then restart it";
            case "llm_unreachable", "llm_timeout" -> "check the daemon host's network, DNS and proxy, and the provider's base_url";
            default -> "the error says what failed; see the daemon log for the whole answer";
        };
    }

    /**
     * When this shell has no key but a running daemon does (its environment is not ours: systemd's
     * EnvironmentFile, say), reports the daemon's own view of its provider instead of failing.
     */
    private static CheckResult fromDaemon(DoctorContext ctx) {
        try {
            var health = ctx.daemonHealth().get(ctx.limits().check().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (health.isEmpty()) return null;
            var llm = health.get().path("llm");
            if (!llm.path("key_present").asBoolean(false)) return null;
            String state = llm.path("state").asText();
            if ("ok".equals(state)) {
                return CheckResult.ok(NAME, "no key in this shell; the running daemon has one and its last call "
                        + (llm.path("last_ok_at").isNull() ? "is still to come" : "succeeded at " + llm.path("last_ok_at").asText()));
            }
            String error = llm.path("last_error").asText();
            return CheckResult.fail(NAME, "the running daemon's last LLM call failed: " + Redactor.redact(error), daemonFix(error));
        } catch (Exception e) {
            return null;
        }
    }
}
