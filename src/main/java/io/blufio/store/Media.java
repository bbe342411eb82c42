package io.blufio.store;

/**
 * One stored picture or voice note (table {@code media}).
 *
 * @param sha256 hex SHA-256 of {@link #data()}: the key messages refer to
 * @param kind {@code image} or {@code voice}
 * @param mime the type read from the bytes' magic numbers, e.g. {@code image/jpeg}, {@code audio/ogg}
 * @param width pixels, 0 when unknown (voice)
 * @param height pixels, 0 when unknown (voice)
 * @param data the bytes; empty in the metadata-only form ({@link MediaStore#info})
 */
public record Media(String sha256, String kind, String mime, int width, int height, byte[] data) {
    /** The kind of a picture. */
    public static final String IMAGE = "image";
    /** The kind of a voice note. */
    public static final String VOICE = "voice";

    /** Returns a record of {@code data} keyed by its SHA-256. */
    public static Media of(String kind, String mime, int width, int height, byte[] data) {
        return new Media(sha256(data), kind, mime, width, height, data);
    }

    /** Returns the lower-case hex SHA-256 of {@code data}. */
    public static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
