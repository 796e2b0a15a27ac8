package dev.agentfleet.sdk.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex digests of UTF-8 text or bytes: idempotency keys, content hashes, script SHAs. */
public final class Digests {

    private Digests() {
    }

    public static String sha256Hex(String text) {
        return hex("SHA-256", text);
    }

    public static String sha256Hex(byte[] bytes) {
        return hex("SHA-256", bytes);
    }

    public static String sha1Hex(String text) {
        return hex("SHA-1", text);
    }

    private static String hex(String algorithm, String text) {
        return hex(algorithm, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
    }
}
