package io.blufio.vault;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM (NIST SP 800-38D) with a fresh random 96-bit nonce per message and a 128-bit tag, plus
 * HMAC-SHA256 (RFC 2104) for key separation and checks, all from the JDK's providers. With random nonces
 * SP 800-38D section 8.3 allows 2^32 messages under one key; a vault writes a handful.
 *
 * <p>The JCE copies keys into its own objects, which cannot be zeroed from here; callers zero their arrays.
 */
final class Gcm {
    /** Nonce length, in bytes (96 bits, SP 800-38D section 5.2.1.1). */
    static final int NONCE_BYTES = 12;
    /** Authentication tag length, in bits. */
    static final int TAG_BITS = 128;

    private Gcm() {}

    /** Returns {@link #NONCE_BYTES} random bytes. */
    static byte[] nonce(SecureRandom random) {
        byte[] n = new byte[NONCE_BYTES];
        random.nextBytes(n);
        return n;
    }

    /** Encrypts {@code plaintext}, binding {@code aad}; returns ciphertext with the tag appended. */
    static byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, key, nonce);
            c.updateAAD(aad);
            return c.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK: " + e, e);
        }
    }

    /** Decrypts and verifies; returns null when the tag does not verify (wrong key, name or bytes). */
    static byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext) {
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, key, nonce);
            c.updateAAD(aad);
            return c.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;  // e.g. a nonce of the wrong length in a damaged row
        }
    }

    /** Returns HMAC-SHA256 of {@code data} under {@code key} (32 bytes). */
    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK: " + e, e);
        }
    }

    /** Compares two MACs in time independent of where they differ. */
    static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return c;
    }
}
