package io.blufio.agent;

import io.blufio.store.Database;
import io.blufio.store.MessageStore;
import io.blufio.store.Session;
import io.blufio.store.SessionStore;
import java.util.List;
import java.util.Optional;

/** Read-only access to sessions and their history, for channels and the CLI. */
public final class Conversations {
    private final SessionStore sessions;
    private final MessageStore messages;

    public Conversations(Database db) {
        this.sessions = new SessionStore(db);
        this.messages = new MessageStore(db);
    }

    /** Returns up to {@code limit} sessions, newest first (by id); {@code before} = exclusive id bound, 0 for none. */
    public List<SessionInfo> sessions(int limit, long before) {
        return sessions.list(limit, before).stream().map(Conversations::info).toList();
    }

    /** Returns up to {@code limit} sessions owned by device {@code owner}, newest first; {@code before} as in {@link #sessions}. */
    public List<SessionInfo> sessionsOwnedBy(String owner, int limit, long before) {
        return sessions.listOwned(owner, limit, before).stream().map(Conversations::info).toList();
    }

    /** Returns the device that owns session {@code id} (the one whose API request created it), if any. */
    public Optional<String> owner(long id) {
        return sessions.owner(id);
    }

    /** Returns the session with {@code id}. */
    public Optional<SessionInfo> session(long id) {
        return sessions.byId(id).map(Conversations::info);
    }

    /** Returns the session with {@code key}. */
    public Optional<SessionInfo> sessionByKey(String key) {
        return sessions.byKey(key).map(Conversations::info);
    }

    /** Returns how many sessions exist. */
    public long sessionCount() {
        return sessions.count();
    }

    /** Returns up to {@code limit} messages of a session with id below {@code before} (0 = newest), newest first. */
    public List<HistoryEntry> history(long sessionId, int limit, long before) {
        return messages.page(sessionId, limit, before).stream()
                .map(m -> new HistoryEntry(m.id(), m.turnId(), m.role(), Blocks.fromJson(m.content()), m.model(), m.createdAt()))
                .toList();
    }

    private static SessionInfo info(Session s) {
        return new SessionInfo(s.id(), s.key(), s.channel(), s.createdAt(), s.updatedAt());
    }
}
