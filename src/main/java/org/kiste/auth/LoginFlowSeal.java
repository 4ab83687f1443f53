package org.kiste.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps a login flow's app password unreadable to anyone holding only the database. Each flow gets an X25519
 * key pair when it starts: the public key is stored as is, the private key encrypted under a key derived from
 * the poll token (which is stored only as a hash). Granting seals the app password to the public key (an
 * ephemeral key agreement, then AES-GCM), so granting needs no secret; only the client's poll, presenting the
 * poll token, can open it.
 */
public final class LoginFlowSeal {
    private static final String CURVE = "X25519";
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The stored halves of a flow's key pair. */
    public record FlowKeys(byte[] publicKey, byte[] sealedPrivateKey) {}

    private LoginFlowSeal() {}

    public static FlowKeys newFlowKeys(String pollToken) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(CURVE).generateKeyPair();
            byte[] sealed = encrypt(pollTokenKey(pollToken), pair.getPrivate().getEncoded(), null);
            return new FlowKeys(pair.getPublic().getEncoded(), sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seals {@code secret} to the flow's public key: ephemeral public key (length-prefixed), nonce, ciphertext. */
    public static byte[] seal(byte[] flowPublicKey, String secret) {
        try {
            KeyPair eph = KeyPairGenerator.getInstance(CURVE).generateKeyPair();
            byte[] ephPublic = eph.getPublic().getEncoded();
            byte[] key = agreedKey(eph.getPrivate(), publicKey(flowPublicKey), ephPublic, flowPublicKey);
            byte[] box = encrypt(key, secret.getBytes(StandardCharsets.UTF_8), ephPublic);
            return ByteBuffer.allocate(1 + ephPublic.length + box.length)
                    .put((byte) ephPublic.length)
                    .put(ephPublic)
                    .put(box)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens what {@link #seal} made, with the poll token; fails when anything does not match. */
    public static String open(String pollToken, byte[] flowPublicKey, byte[] sealedPrivateKey, byte[] sealed)
            throws GeneralSecurityException {
        byte[] pkcs8 = decrypt(pollTokenKey(pollToken), sealedPrivateKey, null);
        PrivateKey priv = KeyFactory.getInstance(CURVE).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        int n = sealed[0] & 0xff;
        byte[] ephPublic = Arrays.copyOfRange(sealed, 1, 1 + n);
        byte[] key = agreedKey(priv, publicKey(ephPublic), ephPublic, flowPublicKey);
        byte[] plain = decrypt(key, Arrays.copyOfRange(sealed, 1 + n, sealed.length), ephPublic);
        return new String(plain, StandardCharsets.UTF_8);
    }

    private static PublicKey publicKey(byte[] x509) throws GeneralSecurityException {
        return KeyFactory.getInstance(CURVE).generatePublic(new X509EncodedKeySpec(x509));
    }

    /** Both public keys go into the key derivation, so a sealed value cannot be replayed onto another flow. */
    private static byte[] agreedKey(PrivateKey own, PublicKey other, byte[] ephPublic, byte[] flowPublic)
            throws GeneralSecurityException {
        KeyAgreement ka = KeyAgreement.getInstance(CURVE);
        ka.init(own);
        ka.doPhase(other, true);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("kiste login flow app password".getBytes(StandardCharsets.US_ASCII));
        sha.update(ka.generateSecret());
        sha.update(ephPublic);
        return sha.digest(flowPublic);
    }

    private static byte[] pollTokenKey(String pollToken) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(pollToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal("kiste login flow private key".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] encrypt(byte[] key, byte[] plain, byte[] aad) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        if (aad != null) {
            c.updateAAD(aad);
        }
        byte[] ct = c.doFinal(plain);
        return ByteBuffer.allocate(NONCE + ct.length).put(nonce).put(ct).array();
    }

    private static byte[] decrypt(byte[] key, byte[] box, byte[] aad) throws GeneralSecurityException {
        if (box.length < NONCE + TAG_BITS / 8) {
            throw new GeneralSecurityException("sealed value too short");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, box, 0, NONCE));
        if (aad != null) {
            c.updateAAD(aad);
        }
        return c.doFinal(box, NONCE, box.length - NONCE);
    }
}
