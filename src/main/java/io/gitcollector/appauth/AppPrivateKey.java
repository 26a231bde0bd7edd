package io.gitcollector.appauth;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * A GitHub App's private key read from its PEM text: PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, the file GitHub
 * hands out) or PKCS#8 ({@code BEGIN PRIVATE KEY}). The JDK reads only PKCS#8, so PKCS#1 is wrapped in the
 * PKCS#8 envelope first (a few DER bytes), which spares a crypto library.
 */
public final class AppPrivateKey {

    private static final String PKCS1 = "RSA PRIVATE KEY";
    private static final String PKCS8 = "PRIVATE KEY";
    /** AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }, as DER. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private AppPrivateKey() {
    }

    /**
     * The key in {@code pem}. A key passed through an environment variable often has its line breaks written
     * as {@code \n}: those are read as line breaks. Errors never quote the text (it is the secret).
     */
    public static RSAPrivateKey parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("the GitHub App private key is empty");
        }
        String text = pem.replace("\\n", "\n").trim();
        String type = text.startsWith("-----BEGIN " + PKCS1 + "-----") ? PKCS1
                : text.startsWith("-----BEGIN " + PKCS8 + "-----") ? PKCS8 : null;
        if (type == null || !text.endsWith("-----END " + type + "-----")) {
            throw new IllegalArgumentException("the GitHub App private key is not a PEM RSA key "
                    + "(expected -----BEGIN RSA PRIVATE KEY----- or -----BEGIN PRIVATE KEY-----)");
        }
        String body = text.substring(("-----BEGIN " + type + "-----").length(), text.length() - ("-----END " + type + "-----").length());
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the GitHub App private key's PEM body is not Base64");
        }
        byte[] pkcs8 = type.equals(PKCS1) ? wrapPkcs1(der) : der;
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("the GitHub App private key is not a valid RSA key ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, rsaEncryption, OCTET STRING { the PKCS#1 key } }. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(new byte[] {0x02, 0x01, 0x00});
        content.writeBytes(RSA_ALGORITHM);
        content.write(0x04);
        content.writeBytes(derLength(pkcs1.length));
        content.writeBytes(pkcs1);
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        sequence.write(0x30);
        sequence.writeBytes(derLength(content.size()));
        sequence.writeBytes(content.toByteArray());
        return sequence.toByteArray();
    }

    /** A DER length: one byte under 128, else 0x80 + the count of big-endian bytes that follow. */
    private static byte[] derLength(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
        byte[] encoded = new byte[bytes + 1];
        encoded[0] = (byte) (0x80 | bytes);
        for (int i = bytes; i >= 1; i--) {
            encoded[i] = (byte) length;
            length >>>= 8;
        }
        return encoded;
    }
}
