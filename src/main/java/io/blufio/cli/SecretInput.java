package io.blufio.cli;

import io.blufio.ErrorCode;
import io.blufio.BlufioException;
import io.blufio.vault.Vault;
import io.blufio.vault.VaultException;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Where passphrases and secret values come from: {@code BLUFIO_VAULT_KEY} for the passphrase, else a hidden
 * prompt on a terminal ({@link Console#readPassword}); secret values from a hidden prompt or one line of
 * standard input, never from the command line. Every array returned belongs to the caller, who zeroes it.
 */
final class SecretInput {
    /** The environment variable holding the vault passphrase (SPEC section 3; not a config key). */
    static final String PASSPHRASE_VARIABLE = "BLUFIO_VAULT_KEY";
    /** Longest line read from standard input, in bytes; a secret is far shorter. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private final Map<String, String> env;
    private final InputStream stdin;
    private final Console console;

    /**
     * @param console the terminal to prompt on, or null when there is none (systemd, pipes, tests)
     */
    SecretInput(Map<String, String> env, InputStream stdin, Console console) {
        this.env = env;
        this.stdin = stdin;
        this.console = console;
    }

    /** Returns the process's terminal when standard input and output are one (JDK 22+ asks {@code isTerminal}). */
    static Console terminal() {
        Console c = System.console();
        if (c == null) return null;
        try {
            return (boolean) Console.class.getMethod("isTerminal").invoke(c) ? c : null;
        } catch (NoSuchMethodException jdk21) {
            return c;  // before JDK 22 System.console() is null unless both streams are a terminal
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** Returns true when prompts can be shown. */
    boolean interactive() {
        return console != null;
    }

    /**
     * Returns the passphrase of an existing vault.
     *
     * @throws VaultException {@code vault_locked} when it is neither in the environment nor can be asked
     */
    char[] passphrase() {
        String fromEnv = env.get(PASSPHRASE_VARIABLE);
        if (fromEnv != null && !fromEnv.isEmpty()) return fromEnv.toCharArray();
        if (console == null) {
            throw new VaultException(ErrorCode.VAULT_LOCKED, "the vault is locked: set " + PASSPHRASE_VARIABLE + " to its passphrase"
                    + " (under systemd, in an EnvironmentFile of mode 0600) or run on a terminal to be asked for it");
        }
        char[] typed = console.readPassword("Vault passphrase: ");
        if (typed == null || typed.length == 0) {
            throw new VaultException(ErrorCode.VAULT_LOCKED, "no vault passphrase was typed; type it, or set " + PASSPHRASE_VARIABLE);
        }
        return typed;
    }

    /**
     * Returns the passphrase for a new vault, or the new passphrase of a change: from the environment when
     * {@code allowEnv}, else asked twice on a terminal, else (only when {@code allowStdin}) one line of stdin.
     */
    char[] newPassphrase(boolean allowEnv, boolean allowStdin) {
        String fromEnv = allowEnv ? env.get(PASSPHRASE_VARIABLE) : null;
        if (fromEnv != null && !fromEnv.isEmpty()) return fromEnv.toCharArray();
        if (console == null) {
            if (allowStdin) return line("the new passphrase");
            throw new VaultException(ErrorCode.VAULT_LOCKED, "there is no vault yet and no passphrase for it: set "
                    + PASSPHRASE_VARIABLE + " to a passphrase of at least " + Vault.MIN_PASSPHRASE_CHARS
                    + " characters, or run on a terminal to be asked for one");
        }
        char[] first = console.readPassword("New vault passphrase (at least %d characters): ", Vault.MIN_PASSPHRASE_CHARS);
        char[] second = console.readPassword("Repeat it: ");
        try {
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new VaultException(ErrorCode.VAULT_PASSPHRASE, "the two passphrases differ; nothing was changed, try again");
            }
            return first.clone();
        } finally {
            if (first != null) Arrays.fill(first, '\0');
            if (second != null) Arrays.fill(second, '\0');
        }
    }

    /** Returns a secret value: typed at a hidden prompt, or the first line of standard input. */
    char[] secretValue(String name) {
        if (console != null) {
            char[] typed = console.readPassword("Value of %s (hidden): ", name);
            if (typed == null || typed.length == 0) throw usage("no value was typed for " + name + "; nothing was stored");
            return typed;
        }
        return line("a value for " + name);
    }

    /** Reads one line of standard input (without its line end) into a fresh array, zeroing the bytes read. */
    private char[] line(String what) {
        byte[] raw = new byte[MAX_LINE_BYTES];
        try {
            int n = 0;
            int b;
            while ((b = stdin.read()) != -1 && b != '\n') {
                if (n == raw.length) throw usage("the line on standard input is longer than " + MAX_LINE_BYTES + " bytes");
                raw[n++] = (byte) b;
            }
            if (n > 0 && raw[n - 1] == '\r') n--;
            if (n == 0) throw usage("standard input held no " + what + ": pipe one line, e.g. printf '%s\\n' \"$VALUE\" | blufio ...,"
                    + " or run on a terminal to be asked");
            CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(raw, 0, n));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            if (chars.hasArray()) Arrays.fill(chars.array(), '\0');
            return out;
        } catch (IOException e) {
            throw new BlufioException(ErrorCode.STDIN, "cannot read standard input: " + e.getMessage());
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static BlufioException usage(String message) {
        return new BlufioException(ErrorCode.USAGE, message);
    }
}
