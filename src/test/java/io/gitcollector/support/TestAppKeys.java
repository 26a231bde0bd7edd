package io.gitcollector.support;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * An RSA key pair made for one test run (no private key is ever committed), and its private half as the two PEM
 * forms a GitHub App key comes in: PKCS#1, as GitHub hands it out, and PKCS#8.
 */
public final class TestAppKeys {

    public final KeyPair pair;

    private TestAppKeys(KeyPair pair) {
        this.pair = pair;
    }

    public static TestAppKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new TestAppKeys(generator.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code -----BEGIN PRIVATE KEY-----}: what the JDK encodes. */
    public String pkcs8Pem() {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    /** {@code -----BEGIN RSA PRIVATE KEY-----}: the PKCS#1 key inside the PKCS#8 envelope's OCTET STRING. */
    public String pkcs1Pem() {
        return pem("RSA PRIVATE KEY", pkcs1(pair.getPrivate().getEncoded()));
    }

    /** PrivateKeyInfo ::= SEQUENCE { INTEGER version, SEQUENCE algorithm, OCTET STRING key }: the key's bytes. */
    static byte[] pkcs1(byte[] pkcs8) {
        int at = headerLength(pkcs8, 0); // into the outer SEQUENCE
        at = skip(pkcs8, at); // version
        at = skip(pkcs8, at); // algorithm
        int start = at + headerLength(pkcs8, at);
        return Arrays.copyOfRange(pkcs8, start, start + contentLength(pkcs8, at));
    }

    private static int skip(byte[] der, int at) {
        return at + headerLength(der, at) + contentLength(der, at);
    }

    private static int headerLength(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        return first < 0x80 ? 2 : 2 + (first & 0x7f);
    }

    private static int contentLength(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int length = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            length = length << 8 | der[at + 2 + i] & 0xff;
        }
        return length;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
