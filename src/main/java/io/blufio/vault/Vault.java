package io.blufio.vault;

import io.blufio.ErrorCode;
import io.blufio.store.VaultStore;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An unlocked vault. A random 256-bit master key is wrapped (AES-256-GCM, NIST SP 800-38D) under a key
 * derived from the passphrase by Argon2id (RFC 9106); a key-check HMAC beside it tells a wrong passphrase
 * from a damaged row. Two subkeys come from the master key by HMAC-SHA256 with fixed labels: one seals
 * entries (AES-256-GCM, fresh 96-bit nonce, the entry name as associated data, so a row renamed or
 * copied under another name fails), one tags entry names (so that case gets its own error).
 *
 * <p>A passphrase change re-wraps the master key only; entries stay as they are. {@link #close()} zeroes
 * the keys held. Values returned are Strings (the HTTP clients need them so) and cannot be zeroed.
 * Not thread-safe: one command or one start-up uses it, then closes it.
 */
public final class Vault implements AutoCloseable {
    /** Layout version of the master row. */
    static final int FORMAT = 1;
    /** Shortest passphrase accepted for a new vault or a passphrase change, in characters. */
    public static final int MIN_PASSPHRASE_CHARS = 8;
    private static final byte[] WRAP_AAD = bytes("blufio vault master key v1");
    private static final byte[] CHECK_LABEL = bytes("blufio vault passphrase check v1");
    private static final byte[] ENTRY_KEY_LABEL = bytes("blufio vault entry encryption v1");
    private static final byte[] NAME_KEY_LABEL = bytes("blufio vault entry name v1");

    private final VaultStore store;
    private final SecureRandom random;
    private final Clock clock;
    private final byte[] masterKey;
    private final byte[] entryKey;
    private final byte[] nameKey;
    private boolean closed;

    private Vault(VaultStore store, byte[] masterKey, SecureRandom random, Clock clock) {
        this.store = store;
        this.random = random;
        this.clock = clock;
        this.masterKey = masterKey;
        this.entryKey = Gcm.hmac(masterKey, ENTRY_KEY_LABEL);
        this.nameKey = Gcm.hmac(masterKey, NAME_KEY_LABEL);
    }

    /** Returns true when this database holds a vault. */
    public static boolean exists(VaultStore store) {
        return store.master().isPresent();
    }

    /**
     * Creates the vault with a fresh random master key wrapped under {@code passphrase}.
     *
     * @throws VaultException {@code vault_passphrase} when the passphrase is shorter than {@link #MIN_PASSPHRASE_CHARS}
     * @throws IllegalStateException when a vault already exists (check {@link #exists} first)
     */
    public static Vault create(VaultStore store, char[] passphrase, KdfParams params, SecureRandom random, Clock clock) {
        checkNew(passphrase);
        byte[] master = new byte[Argon2.KEY_BYTES];
        random.nextBytes(master);
        if (!store.saveMaster(wrap(master, passphrase, params, random), false, clock.instant())) {
            Argon2.zero(master);
            throw new IllegalStateException("a vault already exists in this database");
        }
        return new Vault(store, master, random, clock);
    }

    /**
     * Unlocks the vault with {@code passphrase}, using the KDF parameters stored with it.
     *
     * @throws VaultException {@code vault_passphrase} (wrong passphrase), {@code vault_corrupt} (damaged row),
     *     {@code vault_locked} (no vault in this database)
     */
    public static Vault unlock(VaultStore store, char[] passphrase, SecureRandom random, Clock clock) {
        VaultStore.Master m = store.master().orElseThrow(() -> new VaultException(ErrorCode.VAULT_LOCKED,
                "there is no vault in this database; create one with `blufio config set-secret NAME`"));
        KdfParams params = new KdfParams(m.memoryKib(), m.iterations(), m.parallelism());
        if (m.format() != FORMAT || !"argon2id".equals(m.kdf()) || !params.plausible() || len(m.salt()) != Argon2.SALT_BYTES
                || len(m.nonce()) != Gcm.NONCE_BYTES || len(m.wrappedKey()) != Argon2.KEY_BYTES + Gcm.TAG_BITS / 8
                || len(m.keyCheck()) != 32) {
            throw corrupt("its fields are malformed (format " + m.format() + ", kdf " + m.kdf() + ", " + params + ")");
        }
        byte[] kek = Argon2.derive(passphrase, m.salt(), params);
        try {
            if (!Gcm.same(Gcm.hmac(kek, CHECK_LABEL), m.keyCheck())) {
                throw new VaultException(ErrorCode.VAULT_PASSPHRASE, "the vault passphrase is wrong: set BLUFIO_VAULT_KEY to the"
                        + " passphrase the vault was created with (or type it at the prompt); if it is lost, the secrets"
                        + " are too: store them again in a fresh data dir");
            }
            byte[] master = Gcm.open(kek, m.nonce(), WRAP_AAD, m.wrappedKey());
            if (master == null) throw corrupt("the master key does not verify although the passphrase is right");
            return new Vault(store, master, random, clock);
        } finally {
            Argon2.zero(kek);
        }
    }

    /** Encrypts {@code value} under {@code name} (replacing any entry of that name) with a fresh nonce. */
    public void put(String name, char[] value) {
        ensureOpen();
        byte[] plain = utf8(value);
        try {
            byte[] nonce = Gcm.nonce(random);
            store.putEntry(new VaultStore.Entry(name, Gcm.hmac(nameKey, bytes(name)), nonce,
                    Gcm.seal(entryKey, nonce, bytes(name), plain)), clock.instant());
        } finally {
            Argon2.zero(plain);
        }
    }

    /**
     * Returns the value of entry {@code name}, empty when there is none.
     *
     * @throws VaultException {@code vault_entry_invalid} when the row was renamed, copied or altered
     */
    public Optional<String> get(String name) {
        ensureOpen();
        return store.entry(name).map(this::decrypt);
    }

    /** Returns every entry decrypted, by name; verifies all of them. @throws VaultException as {@link #get} */
    public Map<String, String> decryptAll() {
        ensureOpen();
        Map<String, String> out = new LinkedHashMap<>();
        for (VaultStore.Entry e : store.entries()) out.put(e.name(), decrypt(e));
        return out;
    }

    /** Returns the names of the entries (stored in clear), sorted. */
    public static List<String> names(VaultStore store) {
        List<String> names = new ArrayList<>();
        for (VaultStore.Entry e : store.entries()) names.add(e.name());
        return names;
    }

    /**
     * Re-wraps the master key under {@code newPassphrase} with a fresh salt and nonce and {@code params};
     * entries are untouched.
     *
     * @throws VaultException {@code vault_passphrase} when the new passphrase is too short
     */
    public void changePassphrase(char[] newPassphrase, KdfParams params) {
        ensureOpen();
        checkNew(newPassphrase);
        store.saveMaster(wrap(masterKey, newPassphrase, params, random), true, clock.instant());
    }

    /** Zeroes the master key and its subkeys. Safe to call twice. */
    @Override
    public void close() {
        closed = true;
        Argon2.zero(masterKey, entryKey, nameKey);
    }

    private String decrypt(VaultStore.Entry e) {
        if (!Gcm.same(Gcm.hmac(nameKey, bytes(e.name())), e.nameTag())) {
            throw new VaultException(ErrorCode.VAULT_ENTRY_INVALID, "vault entry `" + e.name() + "` was renamed or copied in"
                    + " the database (it was sealed under another name" + originalName(e) + "), so it is refused;"
                    + " store it again with `blufio config set-secret " + e.name() + "` or restore a backup");
        }
        byte[] plain = len(e.nonce()) == Gcm.NONCE_BYTES ? Gcm.open(entryKey, e.nonce(), bytes(e.name()), e.ciphertext()) : null;
        if (plain == null) {
            throw new VaultException(ErrorCode.VAULT_ENTRY_INVALID, "vault entry `" + e.name() + "` is damaged (its"
                    + " authentication tag does not verify); store it again with `blufio config set-secret " + e.name()
                    + "` or restore a backup");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(plain)).toString();
        } catch (CharacterCodingException ex) {
            throw new VaultException(ErrorCode.VAULT_ENTRY_INVALID, "vault entry `" + e.name() + "` is not UTF-8 text");
        } finally {
            Argon2.zero(plain);
        }
    }

    private String originalName(VaultStore.Entry e) {
        for (String known : List.of("anthropic.api_key", "openai.api_key", "telegram.bot_token")) {
            if (Gcm.same(Gcm.hmac(nameKey, bytes(known)), e.nameTag())) return ": `" + known + "`";
        }
        return "";
    }

    private static VaultStore.Master wrap(byte[] master, char[] passphrase, KdfParams params, SecureRandom random) {
        byte[] salt = new byte[Argon2.SALT_BYTES];
        random.nextBytes(salt);
        byte[] nonce = Gcm.nonce(random);
        byte[] kek = Argon2.derive(passphrase, salt, params);
        try {
            return new VaultStore.Master(FORMAT, "argon2id", params.memoryKib(), params.iterations(), params.parallelism(),
                    salt, nonce, Gcm.seal(kek, nonce, WRAP_AAD, master), Gcm.hmac(kek, CHECK_LABEL));
        } finally {
            Argon2.zero(kek);
        }
    }

    private static void checkNew(char[] passphrase) {
        if (passphrase == null || passphrase.length < MIN_PASSPHRASE_CHARS) {
            throw new VaultException(ErrorCode.VAULT_PASSPHRASE, "the vault passphrase must be at least " + MIN_PASSPHRASE_CHARS
                    + " characters long; choose a longer one (a few random words are good)");
        }
    }

    private static VaultException corrupt(String why) {
        return new VaultException(ErrorCode.VAULT_CORRUPT, "the vault's master-key row (table vault_master) is damaged: " + why
                + "; the secrets cannot be read: restore the database from a backup (`blufio restore PATH`)");
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("the vault was closed");
    }

    private static int len(byte[] b) {
        return b == null ? -1 : b.length;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf8(char[] value) {
        ByteBuffer buf = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
        byte[] out = new byte[buf.remaining()];
        buf.get(out);
        if (buf.hasArray()) Argon2.zero(buf.array());
        return out;
    }
}
