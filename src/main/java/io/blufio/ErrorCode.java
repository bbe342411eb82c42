package io.blufio;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one table of error codes (DESIGN.md: "error codes ... enums or one table each, never strings re-spelled in
 * several packages"): each stable snake_case {@link #code()} as it appears in API error bodies, log lines and
 * {@code blufio_errors_total{kind}}, with the HTTP status the gateway answers when it ends a turn or a request
 * ({@link #httpStatus()}), the CLI's exit code (SPEC.md section 4, {@link #exitCode()}) and a sentence a user can
 * act on ({@link #userMessage()}; the exception's own message says more, and the CLI prints the sentence under it as
 * a {@code hint:} when it names a step, in backticks, that the message does not). Add codes, never rename one: the
 * strings are part of the contract.
 */
public enum ErrorCode {
    USAGE("usage", 400, 2, "The command line is wrong: see `--help` for the flags and an example."),
    CONFIG_INVALID("config_invalid", 500, 78, "The configuration is invalid: the message names the key, the value and the fix; `blufio config validate` checks it again without starting anything."),
    DATA_DIR("data_dir", 500, 1, "The data dir cannot be used: it is missing, unreadable or not a directory."),
    DATA_DIR_LOCKED("data_dir_locked", 500, 75, "Another blufio process holds the data dir; stop it or use another data dir."),
    DATA_DIR_OWNER("data_dir_owner", 500, 1, "The data dir belongs to another user or is readable by others; fix its owner or mode."),
    SCHEMA_TOO_NEW("schema_too_new", 500, 1, "The database was written by a newer blufio; upgrade blufio or restore an older backup."),
    STORE_ERROR("store_error", 500, 1, "A database read or write failed; see the daemon log."),
    DISK_FULL("disk_full", 507, 1, "The disk is full: nothing new can be stored until space is freed."),
    START_FAILED("start_failed", 500, 1, "The daemon could not start; the message says which part failed."),
    GATEWAY_BIND("gateway_bind", 500, 1, "The gateway cannot listen on its address and port; choose another `gateway.port` or stop what uses it."),
    GATEWAY_REMOTE_REFUSED("gateway_remote_refused", 500, 78, "`gateway.host` is not a loopback address and `gateway.allow_remote` is off."),
    DAEMON_NOT_RUNNING("daemon_not_running", 500, 1, "No daemon owns this data dir; start it with `blufio serve`."),
    DAEMON_UNREACHABLE("daemon_unreachable", 500, 1, "The daemon did not answer on its gateway; check `blufio status` and the daemon log."),
    DAEMON_API_OFF("daemon_api_off", 500, 1, "The daemon runs with its HTTP API off; set `gateway.enabled = true` and restart it to call it."),
    INTERRUPTED("interrupted", 500, 1, "The command was interrupted before it finished."),
    MCP_UNKNOWN_SERVER("mcp_unknown_server", 500, 1, "No `[[mcp.servers]]` table has that name; `blufio mcp list` shows the configured ones."),
    MCP_UNREACHABLE("mcp_unreachable", 500, 1, "The MCP server could not be started or reached; `blufio doctor` shows why."),
    MCP_UNKNOWN_TOOL("mcp_unknown_tool", 500, 1, "The MCP server lists no tool of that name; `blufio mcp list` shows its tools."),
    TRANSCRIPTION_OFF("transcription_off", 500, 1, "Voice notes need `transcription.base_url` (an OpenAI-compatible /audio/transcriptions endpoint)."),
    IMAGE_UNSUPPORTED("image_unsupported", 500, 1, "The model does not take pictures; set a model that reads images."),
    INTERNAL("internal", 500, 1, "An unexpected failure; see the daemon log."),
    STDIN("stdin", 500, 1, "Standard input could not be read."),
    BAD_REQUEST("bad_request", 400, 1, "The request is malformed: the message names the field and what is expected."),
    UNAUTHENTICATED("unauthenticated", 401, 1, "A valid RFC 9421 signature by a registered device is required."),
    SESSION_FORBIDDEN("session_forbidden", 403, 1, "This device may not use that session."),
    NOT_FOUND("not_found", 404, 1, "No such route or object."),
    METHOD_NOT_ALLOWED("method_not_allowed", 405, 1, "That method is not allowed on this path."),
    IDEMPOTENCY_KEY_REUSED("idempotency_key_reused", 409, 1, "This Idempotency-Key was used for a different request."),
    BODY_TOO_LARGE("body_too_large", 413, 1, "The request body is larger than the gateway accepts."),
    EXPECTATION_FAILED("expectation_failed", 417, 1, "Only \"Expect: 100-continue\" is supported."),
    BUSY("busy", 503, 1, "Too many requests at once; send it again shortly."),
    SHUTTING_DOWN("shutting_down", 503, 1, "The daemon is stopping; send it again after the restart."),
    MEMORY_PRESSURE("memory_pressure", 503, 1, "The daemon is short of memory and refuses new sessions for now."),
    TURN_TIMEOUT("turn_timeout", 504, 1, "The turn did not finish in time; it goes on, see `GET /v1/sessions` for its answer."),
    TURN_FAILED("turn_failed", 500, 1, "The turn failed."),
    DEAD_LETTER("dead_letter", 500, 1, "The message was set aside after repeated unfinished attempts; send it again."),
    COMPACTION_FAILED("compaction_failed", 500, 1, "The conversation could not be summarised."),
    BUDGET_EXHAUSTED("budget_exhausted", 429, 1, "The daily or monthly budget is used up; it resets, or raise the cap."),
    BUDGET_UNAVAILABLE("budget_unavailable", 503, 1, "The spending so far cannot be read, so no paid call is made."),
    RATE_LIMITED("rate_limited", 429, 1, "Too many requests; wait and send it again."),
    MODEL_UNPRICED("model_unpriced", 500, 78, "A configured model has no price; add it to the price table (`cost.pricing_file`) or pick a priced model."),
    PRICING_INVALID("pricing_invalid", 500, 78, "The price table is invalid; the message names the entry."),
    LLM_AUTH("llm_auth", 502, 1, "The model provider refused the API key."),
    LLM_UNREACHABLE("llm_unreachable", 502, 1, "The model provider cannot be reached."),
    LLM_TIMEOUT("llm_timeout", 504, 1, "The model call outlived `llm.request_timeout_s`."),
    LLM_RATE_LIMITED("llm_rate_limited", 502, 1, "The model provider rate-limited the call after the retries."),
    LLM_OVERLOADED("llm_overloaded", 502, 1, "The model provider is overloaded."),
    LLM_ERROR("llm_error", 502, 1, "The model provider refused the request."),
    LLM_HISTORY_INVALID("llm_history_invalid", 502, 1, "The model provider refused the stored conversation."),
    LLM_STREAM_ERROR("llm_stream_error", 502, 1, "The model provider reported an error mid-answer."),
    LLM_INCOMPLETE("llm_incomplete", 502, 1, "The model's answer ended before its final event."),
    LLM_PROTOCOL("llm_protocol", 502, 1, "The model server does not speak the documented protocol."),
    LLM_EMPTY_ANSWER("llm_empty_answer", 502, 1, "The model gave an empty answer."),
    LLM_TRUNCATED("llm_truncated", 502, 1, "The model's answer was cut off at max_tokens before any text."),
    LLM_REFUSED("llm_refused", 502, 1, "The model refused to answer."),
    EMBEDDING_FAILED("embedding_failed", 500, 1, "The embedding model could not be loaded or run."),
    MEMORY_INVALID("memory_invalid", 500, 1, "The memory is invalid: the message says which field."),
    FETCH_FAILED("fetch_failed", 500, 1, "The page could not be fetched."),
    FETCH_REFUSED("fetch_refused", 500, 1, "The address is refused by the SSRF guard."),
    WORKSPACE_REFUSED("workspace_refused", 500, 1, "The workspace path is refused."),
    SCHEDULE_INVALID("schedule_invalid", 400, 2, "The schedule is invalid: the message names the field and the form expected."),
    SCHEDULE_NOT_FOUND("schedule_not_found", 404, 1, "No schedule with that id."),
    SCHEDULE_LIMIT("schedule_limit", 500, 1, "The session has as many active schedules as `schedules.max_per_session` allows."),
    REPLY_REFUSED("reply_refused", 500, 1, "The channel refused the reply for good."),
    REPLY_NOT_SENT("reply_not_sent", 500, 1, "The reply could not be sent yet; it is retried."),
    TELEGRAM_ERROR("telegram_error", 500, 1, "A Telegram Bot API call failed."),
    DEVICE_EXISTS("device_exists", 500, 1, "A device with that name exists."),
    DEVICE_KEY_EXISTS("device_key_exists", 500, 1, "The device key file exists; it is not overwritten."),
    DEVICE_KEY_INVALID("device_key_invalid", 500, 1, "The device key file is not a valid key."),
    DEVICE_KEY_IO("device_key_io", 500, 1, "The device key file cannot be read or written."),
    DEVICE_KEY_MISSING("device_key_missing", 500, 1, "No device key file; create one with `blufio device new`."),
    DEVICE_KEY_MISMATCH("device_key_mismatch", 500, 1, "The device key does not match the registered device."),
    DEVICE_NAME("device_name", 500, 1, "The device name is invalid."),
    DEVICE_REVOKED("device_revoked", 500, 1, "The device was revoked."),
    DEVICE_UNKNOWN("device_unknown", 500, 1, "No device with that name."),
    VAULT_MISSING("vault_missing", 500, 1, "There is no vault yet; storing a secret with `blufio config set-secret` creates it."),
    VAULT_LOCKED("vault_locked", 500, 78, "The vault is locked: set its passphrase in `BLUFIO_VAULT_KEY`."),
    VAULT_PASSPHRASE("vault_passphrase", 500, 78, "The vault passphrase is wrong."),
    VAULT_CORRUPT("vault_corrupt", 500, 78, "The vault data is damaged; restore a backup."),
    VAULT_ENTRY_INVALID("vault_entry_invalid", 500, 78, "A vault entry cannot be decrypted or parsed."),
    VAULT_KDF("vault_kdf", 500, 1, "The key derivation could not run (memory)."),
    BACKUP_FAILED("backup_failed", 500, 1, "The backup could not be written."),
    BACKUP_INVALID("backup_invalid", 500, 1, "The file is not a blufio backup."),
    RESTORE_FAILED("restore_failed", 500, 1, "The restore failed; the data dir is unchanged.");

    private static final Map<String, ErrorCode> BY_CODE = Stream.of(values()).collect(Collectors.toUnmodifiableMap(ErrorCode::code, Function.identity()));

    private final String code;
    private final int httpStatus;
    private final int exitCode;
    private final String userMessage;

    ErrorCode(String code, int httpStatus, int exitCode, String userMessage) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.exitCode = exitCode;
        this.userMessage = userMessage;
    }

    /** Returns the stable snake_case code, e.g. {@code data_dir_locked}. */
    public String code() {
        return code;
    }

    /** Returns the HTTP status of an API answer that ends with this error (RFC 9110 section 15). */
    public int httpStatus() {
        return httpStatus;
    }

    /** Returns the exit code of a command that ends with this error (SPEC.md section 4: 1, 2, 75 or 78). */
    public int exitCode() {
        return exitCode;
    }

    /**
     * Returns a short sentence saying what the error means and what to do; the steps it names (a command, flag, key,
     * variable or route) are in backticks.
     */
    public String userMessage() {
        return userMessage;
    }

    /** Returns true when {@code e} carries this code. */
    public boolean is(BlufioException e) {
        return code.equals(e.code());
    }

    /** Returns the entry of {@code code}, or empty for a code not in the table. */
    public static Optional<ErrorCode> find(String code) {
        return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
    }

    /** Returns the HTTP status for {@code code}: the table's, else 502 for an {@code llm_} code and 500 for any other. */
    public static int httpStatusOf(String code) {
        return find(code).map(ErrorCode::httpStatus).orElse(code != null && code.startsWith("llm_") ? 502 : 500);
    }

    /** Returns the exit code for {@code code}: the table's, else 1 (failure). */
    public static int exitCodeOf(String code) {
        return find(code).map(ErrorCode::exitCode).orElse(1);
    }

    @Override
    public String toString() {
        return code;
    }
}
