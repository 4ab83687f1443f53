package org.kiste.server;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.KeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and private keys from PEM text with the JDK alone. Keys may be PKCS#8 ({@code BEGIN PRIVATE KEY},
 * what certbot and {@code openssl genpkey} write) or the older PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and SEC 1
 * ({@code BEGIN EC PRIVATE KEY}) forms, which are read here so that no conversion step is needed. Encrypted keys
 * are refused with the openssl command that decrypts them. Problems are {@link IllegalArgumentException}s whose
 * message is meant for the operator.
 */
final class PemKeys {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);

    private PemKeys() {}

    private record Block(String label, String body) {}

    /** The certificates of a PEM file, in file order (the server's own certificate first, then the chain). */
    static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(pem)) {
                if (b.label().equals("CERTIFICATE")) {
                    out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der(b))));
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("a certificate cannot be read: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no '-----BEGIN CERTIFICATE-----' block");
        }
        return out;
    }

    /**
     * The private key of a PEM file; {@code certificateKey} (the public key it must match) supplies EC curves,
     * {@code file} goes into the openssl command that decrypts an encrypted key.
     */
    static PrivateKey privateKey(String pem, PublicKey certificateKey, String file) {
        for (Block b : blocks(pem)) {
            if (b.label().endsWith("PRIVATE KEY") && encrypted(b)) {
                throw new IllegalArgumentException("the key is encrypted with a passphrase; Kiste needs it unencrypted "
                        + "(readable by Kiste only): openssl pkey -in " + file + " -out key-plain.pem");
            }
            switch (b.label()) {
                case "PRIVATE KEY":
                    return generate(certificateKey.getAlgorithm(), new PKCS8EncodedKeySpec(der(b)));
                case "RSA PRIVATE KEY":
                    return generate("RSA", pkcs1(der(b)));
                case "EC PRIVATE KEY":
                    if (!(certificateKey instanceof ECPublicKey ec)) {
                        throw new IllegalArgumentException(
                                "an EC key, but the certificate's key is " + certificateKey.getAlgorithm());
                    }
                    return generate("EC", new ECPrivateKeySpec(sec1(der(b)), ec.getParams()));
                case "OPENSSH PRIVATE KEY":
                    throw new IllegalArgumentException("an OpenSSH key, not the private key of a TLS certificate");
                default:
                // EC PARAMETERS, certificates bundled into the key file: skip
            }
        }
        throw new IllegalArgumentException("no '-----BEGIN PRIVATE KEY-----' block (nor an RSA or EC PRIVATE KEY one)");
    }

    private static PrivateKey generate(String algorithm, KeySpec spec) {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(spec);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "not a readable " + algorithm + " private key (the certificate's key is " + algorithm + "): "
                            + e.getMessage(),
                    e);
        }
    }

    private static List<Block> blocks(String pem) {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            out.add(new Block(m.group(1), m.group(2)));
        }
        return out;
    }

    /** PKCS#8 encryption has a label of its own; RFC 1421 headers mark OpenSSL's encryption of the older forms. */
    private static boolean encrypted(Block b) {
        return b.label().equals("ENCRYPTED PRIVATE KEY")
                || b.body().contains("Proc-Type:")
                || b.body().contains("DEK-Info:");
    }

    private static byte[] der(Block b) {
        try {
            return Base64.getMimeDecoder().decode(b.body());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + b.label() + " block is not valid base64", e);
        }
    }

    /** RFC 8017 A.1.2: RSAPrivateKey ::= SEQUENCE { version, n, e, d, p, q, dP, dQ, qInv, ... }. */
    private static RSAPrivateCrtKeySpec pkcs1(byte[] der) {
        Der seq = new Der(der).sequence();
        seq.integer(); // version
        return new RSAPrivateCrtKeySpec(
                seq.integer(),
                seq.integer(),
                seq.integer(),
                seq.integer(),
                seq.integer(),
                seq.integer(),
                seq.integer(),
                seq.integer());
    }

    /** RFC 5915 §3: ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] curve, [1] public key }. */
    private static BigInteger sec1(byte[] der) {
        Der seq = new Der(der).sequence();
        seq.integer(); // version
        return new BigInteger(1, seq.octets());
    }

    /** Just enough DER to read the two key structures above: definite lengths, SEQUENCE, INTEGER, OCTET STRING. */
    private static final class Der {
        private final byte[] b;
        private int pos;
        private final int end;

        Der(byte[] b) {
            this(b, 0, b.length);
        }

        private Der(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        Der sequence() {
            int len = header(0x30);
            Der inner = new Der(b, pos, pos + len);
            pos += len;
            return inner;
        }

        BigInteger integer() {
            int len = header(0x02);
            BigInteger v = new BigInteger(b, pos, len);
            pos += len;
            return v;
        }

        byte[] octets() {
            int len = header(0x04);
            byte[] v = java.util.Arrays.copyOfRange(b, pos, pos + len);
            pos += len;
            return v;
        }

        private int header(int tag) {
            if (pos + 2 > end || (b[pos] & 0xff) != tag) {
                throw malformed();
            }
            pos++;
            int len = b[pos++] & 0xff;
            if (len >= 0x80) {
                int n = len & 0x7f;
                if (n == 0 || n > 3 || pos + n > end) {
                    throw malformed();
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (b[pos++] & 0xff);
                }
            }
            if (len == 0 || pos + len > end) {
                throw malformed();
            }
            return len;
        }

        private static IllegalArgumentException malformed() {
            return new IllegalArgumentException("the private key is malformed (not the DER structure its PEM label "
                    + "promises); rewrite it as PKCS#8 with: openssl pkey -in KEY.pem -out key-pkcs8.pem");
        }
    }
}
