package io.blufio.channel.telegram;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Who may talk to the bot: users in {@code telegram.allowed_users} (numeric ids, or {@code @usernames}
 * compared without case) and users approved by pairing ({@link TelegramState#isPaired}, read on every
 * message so an approval counts without restart). Everyone else is a stranger.
 */
final class Access {
    private final Set<Long> ids = new HashSet<>();
    private final Set<String> usernames = new HashSet<>();
    private final LongPredicate paired;

    /**
     * @param allowedUsers entries of {@code telegram.allowed_users}
     * @param paired tells whether a user id was approved by pairing
     */
    Access(List<String> allowedUsers, LongPredicate paired) {
        for (String entry : allowedUsers) {
            String e = entry.strip();
            if (e.matches("-?\\d+")) {
                ids.add(Long.parseLong(e));
            } else if (!e.isEmpty()) {
                usernames.add((e.startsWith("@") ? e.substring(1) : e).toLowerCase(Locale.ROOT));
            }
        }
        this.paired = paired;
    }

    /** Returns true when the user may talk to the agent. */
    boolean allowed(long userId, String username) {
        if (ids.contains(userId)) return true;
        if (username != null && usernames.contains(username.toLowerCase(Locale.ROOT))) return true;
        return paired.test(userId);
    }
}
