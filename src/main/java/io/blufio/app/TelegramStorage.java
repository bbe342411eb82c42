package io.blufio.app;

import io.blufio.channel.telegram.TelegramState;
import io.blufio.store.ChannelStateStore;
import io.blufio.store.Database;
import io.blufio.store.TelegramUserStore;
import java.time.Instant;
import java.util.Optional;

/**
 * The Telegram channel's {@link TelegramState.Storage} over the store: {@link ChannelStateStore} for the
 * {@code getUpdates} offsets and {@link TelegramUserStore} for pairing. Wired here because {@code channel}
 * must not import {@code store} (DESIGN.md).
 */
public final class TelegramStorage implements TelegramState.Storage {
    private final ChannelStateStore state;
    private final TelegramUserStore users;

    public TelegramStorage(Database db) {
        this.state = new ChannelStateStore(db);
        this.users = new TelegramUserStore(db);
    }

    @Override
    public Optional<String> get(String channel, String key) {
        return state.get(channel, key);
    }

    @Override
    public void put(String channel, String key, String value, Instant now) {
        state.put(channel, key, value, now);
    }

    @Override
    public boolean delete(String channel, String key) {
        return state.delete(channel, key);
    }

    @Override
    public boolean isPaired(long userId) {
        return users.isPaired(userId);
    }

    @Override
    public Optional<String> issueCode(long userId, String username, String displayName, String code, Instant now, Instant notBefore) {
        return users.issueCode(userId, username, displayName, code, now, notBefore);
    }
}
