package io.blufio.auth;

import io.blufio.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * Ed25519 device keys with the JDK provider: generation, the raw 32-byte public key of RFC 8032
 * section 5.1.5 (what the devices table stores), and the private key file, PKCS#8 (RFC 5208) in PEM
 * (RFC 7468 section 10, {@code -----BEGIN PRIVATE KEY-----}) with the Ed25519 algorithm identifier of
 * RFC 8410.
 *
 * <p>Key files are created with mode 0600 and their directory with 0700, both at creation (never
 * chmod after writing, so there is no moment when another user could read them). Errors name the file,
 * never its contents.
 */
public final class DeviceKeys {
    /** JCA name of the algorithm. */
    public static final String ALGORITHM = "Ed25519";
    /** Length of a raw Ed25519 public key, in bytes (RFC 8032). */
    public static final int RAW_PUBLIC_KEY_BYTES = 32;
    /** X.509 SubjectPublicKeyInfo DER of an Ed25519 key, minus the 32 key bytes (RFC 8410 section 4). */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";
    private static final String FILE_MODE = "rw-------";
    private static final String DIR_MODE = "rwx------";

    private DeviceKeys() {}

    /** Returns a fresh Ed25519 key pair from the JDK's default {@link SecureRandom}. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 provider (needs JDK 15 or later)", e);
        }
    }

    /**
     * Returns the raw 32-byte public key (RFC 8032) of an Ed25519 {@code key}.
     *
     * @throws IllegalArgumentException if {@code key} is not an Ed25519 public key
     */
    public static byte[] rawPublicKey(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der == null || der.length != SPKI_PREFIX.length + RAW_PUBLIC_KEY_BYTES
                || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key: algorithm " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length);
    }

    /**
     * Returns the Ed25519 public key whose raw encoding (RFC 8032) is {@code raw}.
     *
     * @throws IllegalArgumentException if {@code raw} is not 32 bytes or not a valid point encoding
     */
    public static PublicKey publicKey(byte[] raw) {
        if (raw == null || raw.length != RAW_PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key has " + RAW_PUBLIC_KEY_BYTES + " bytes, got "
                    + (raw == null ? "none" : raw.length));
        }
        byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + RAW_PUBLIC_KEY_BYTES);
        System.arraycopy(raw, 0, der, SPKI_PREFIX.length, RAW_PUBLIC_KEY_BYTES);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid Ed25519 public key encoding");
        }
    }

    /**
     * Returns the public key belonging to an Ed25519 private key. The JDK has no direct call for this, so
     * the key pair generator is fed the private key's seed (RFC 8032 section 5.1.5) as its randomness;
     * the result is checked against {@code key} so a JDK that generates differently fails loudly here.
     *
     * @throws AuthException {@code device_key_invalid} if {@code key} is not an Ed25519 key with a seed
     */
    public static PublicKey publicKeyOf(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new AuthException(ErrorCode.DEVICE_KEY_INVALID, "not an Ed25519 private key: algorithm " + key.getAlgorithm());
        }
        byte[] seed = ed.getBytes().get();
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
            KeyPair pair = generator.generateKeyPair();
            if (!Arrays.equals(pair.getPrivate().getEncoded(), key.getEncoded())) {
                throw new IllegalStateException("this JDK's Ed25519 generator does not derive keys from its seed bytes");
            }
            return pair.getPublic();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 provider (needs JDK 15 or later)", e);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** Returns {@code key} as PKCS#8 PEM: the BEGIN line, base64 in 64-character lines, the END line, LF endings. */
    public static String toPem(PrivateKey key) {
        byte[] der = key.getEncoded();
        try {
            String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
            return PEM_BEGIN + "\n" + body + "\n" + PEM_END + "\n";
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /**
     * Parses PKCS#8 PEM text of an Ed25519 private key. Lines before the BEGIN line (such as the comment
     * line of an export) are ignored.
     *
     * @throws AuthException {@code device_key_invalid} when the text is not such a key (the message never quotes it)
     */
    public static PrivateKey fromPem(String pem) {
        int begin = pem.indexOf(PEM_BEGIN);
        int end = pem.indexOf(PEM_END);
        if (begin < 0 || end < begin) {
            throw new AuthException(ErrorCode.DEVICE_KEY_INVALID, "no '" + PEM_BEGIN + "' ... '" + PEM_END + "' block found");
        }
        String base64 = pem.substring(begin + PEM_BEGIN.length(), end).replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new AuthException(ErrorCode.DEVICE_KEY_INVALID, "the PEM block is not valid base64");
        }
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new AuthException(ErrorCode.DEVICE_KEY_INVALID, "the PEM block is not a PKCS#8 Ed25519 private key");
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /**
     * Writes {@code key} as PEM to a new file with mode 0600, creating its directory with mode 0700 if
     * missing. The file is synced to disk before this returns.
     *
     * @throws AuthException {@code device_key_exists} if the file exists (never overwritten),
     *     {@code device_key_io} if the file system refuses
     */
    public static void writePrivateKey(Path file, PrivateKey key) {
        byte[] pem = toPem(key).getBytes(StandardCharsets.US_ASCII);
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(DIR_MODE)));
            }
            try (SeekableByteChannel ch = Files.newByteChannel(file,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(FILE_MODE)))) {
                ByteBuffer buf = ByteBuffer.wrap(pem);
                while (buf.hasRemaining()) ch.write(buf);
            }
        } catch (FileAlreadyExistsException e) {
            throw new AuthException(ErrorCode.DEVICE_KEY_EXISTS, "key file " + file + " already exists; refusing to overwrite it."
                    + " Move it away if it is not needed");
        } catch (IOException | UnsupportedOperationException e) {
            throw new AuthException(ErrorCode.DEVICE_KEY_IO, "cannot write key file " + file + ": " + e
                    + " (the data dir must be on a POSIX file system writable by this user)", e);
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
    }

    /**
     * Reads a private key file written by {@link #writePrivateKey}.
     *
     * @throws AuthException {@code device_key_missing} if there is no such file, {@code device_key_invalid}
     *     if it holds no Ed25519 PKCS#8 PEM, {@code device_key_io} if it cannot be read
     */
    public static PrivateKey readPrivateKey(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new AuthException(ErrorCode.DEVICE_KEY_MISSING, "no key file at " + file);
        } catch (IOException e) {
            throw new AuthException(ErrorCode.DEVICE_KEY_IO, "cannot read key file " + file + ": " + e
                    + " (it must be readable by this user, mode 0600)", e);
        }
        try {
            return fromPem(new String(bytes, StandardCharsets.US_ASCII));
        } catch (AuthException e) {
            throw new AuthException(e.code(), "key file " + file + " is unusable: " + e.getMessage());
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Randomness that yields one given 32-byte seed, so the generator rebuilds a known key pair. */
    private static final class FixedSeed extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final transient byte[] seed;

        FixedSeed(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("Ed25519 generator asked for " + bytes.length + " random bytes, expected " + seed.length);
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}
