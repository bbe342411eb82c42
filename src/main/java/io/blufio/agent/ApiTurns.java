package io.blufio.agent;

import io.blufio.store.InboxState;
import io.blufio.store.Database;
import io.blufio.store.InboxStore;
import io.blufio.store.SessionStore;
import java.time.Clock;
import java.util.Optional;

/**
 * What the HTTP API needs besides {@link Agent#submit}: who may use a session, and the turn an
 * {@code Idempotency-Key} already started.
 *
 * <p>Sessions: the device whose request creates an {@code api:} session owns it. The local {@link #OPERATOR}
 * device may read and continue every session; any other device only the sessions it owns.
 */
public final class ApiTurns {
    /** The device of the operator's own CLI ({@code <data dir>/devices/cli.key}): sees every session. */
    public static final String OPERATOR = "cli";

    /**
     * A turn accepted earlier.
     *
     * @param state {@code pending}, {@code leased}, {@code done} or {@code failed}
     * @param result JSON of the finished turn ({@code session_id, message_id, content, model, usage, cost_usd}) or of
     *     its error ({@code code, message}); null until finished
     */
    public record PastTurn(long turnId, String sessionKey, String content, String state, String result) {
        /** Returns true once the turn finished, well or not. */
        public boolean finished() {
            return InboxState.finished(state);
        }

        /** Returns true when the turn was answered ({@code done}). */
        public boolean answered() {
            return InboxState.DONE.is(state);
        }
    }

    private final InboxStore inbox;
    private final SessionStore sessions;
    private final Clock clock;

    public ApiTurns(Database db, Clock clock) {
        this.inbox = new InboxStore(db);
        this.sessions = new SessionStore(db);
        this.clock = clock;
    }

    /**
     * Returns true when {@code device} may use session {@code sessionKey}: always for {@link #OPERATOR}; for
     * another device when it owns the session, which it does when this call creates it.
     */
    public boolean claim(String sessionKey, String device) {
        if (OPERATOR.equals(device)) return true;
        return device.equals(sessions.claim(sessionKey, "api", device, clock.instant()));
    }

    /** Returns true when {@code device} may read session {@code sessionId}. */
    public boolean mayRead(long sessionId, String device) {
        return OPERATOR.equals(device) || sessions.owner(sessionId).map(device::equals).orElse(false);
    }

    /** Returns the turn accepted on {@code channel} with {@code externalId}, if any. */
    public Optional<PastTurn> byExternalId(String channel, String externalId) {
        return inbox.findByExternal(channel, externalId)
                .map(i -> new PastTurn(i.id(), i.sessionKey(), i.content(), i.state(), i.result()));
    }
}
