package org.kiste.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import org.kiste.config.ConfigException;
import org.kiste.config.KisteConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS listener's certificate chain and private key, from a PKCS#12 key store ({@code tls.keystore}) or from
 * PEM files ({@code tls.certificate} + {@code tls.private-key}), as one in-memory key store for Jetty. Read at
 * startup; every problem is a {@link ConfigException} naming the setting, so a bad file stops the start instead
 * of failing each handshake later.
 */
final class ServerCertificate {
    private static final Logger log = LoggerFactory.getLogger(ServerCertificate.class);
    private static final String ALIAS = "kiste";

    /** A key store with the server's key entry, the password of store and key, and the server's certificate. */
    record Loaded(KeyStore keyStore, String password, X509Certificate certificate) {}

    private ServerCertificate() {}

    static Loaded load(KisteConfig.Tls tls) {
        return tls.keystore().isPresent()
                ? fromKeyStore(tls.keystore().get(), tls.keystorePassword())
                : fromPem(tls.certificate().orElseThrow(), tls.privateKey().orElseThrow());
    }

    /** Logs whose certificate is served and until when; an expired one is served too, with a warning. */
    static void report(Loaded loaded) {
        X509Certificate c = loaded.certificate();
        Date now = new Date();
        if (now.after(c.getNotAfter()) || now.before(c.getNotBefore())) {
            log.warn(
                    "the HTTPS certificate ({}) is valid from {} to {} only: clients will refuse it",
                    c.getSubjectX500Principal().getName(),
                    c.getNotBefore(),
                    c.getNotAfter());
        } else {
            log.info(
                    "HTTPS certificate: {}, valid until {}",
                    c.getSubjectX500Principal().getName(),
                    c.getNotAfter());
        }
    }

    private static Loaded fromKeyStore(Path file, String password) {
        String setting = "tls.keystore (KISTE_TLS_KEYSTORE)";
        requireReadable(file, setting);
        KeyStore ks;
        try (InputStream in = Files.newInputStream(file)) {
            ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new ConfigException(setting + ": cannot open " + file + ": " + e.getMessage()
                        + " (check tls.keystore.password, KISTE_TLS_KEYSTORE_PASSWORD)");
            }
            throw new ConfigException(setting + ": " + file + " is not a PKCS#12 key store (" + e.getMessage()
                    + "); for PEM files use tls.certificate and tls.private-key instead");
        } catch (GeneralSecurityException e) {
            throw new ConfigException(setting + ": cannot read " + file + ": " + e.getMessage());
        }
        try {
            for (String alias : Collections.list(ks.aliases())) {
                if (!ks.isKeyEntry(alias)) {
                    continue;
                }
                PrivateKey key;
                try {
                    key = (PrivateKey) ks.getKey(alias, password.toCharArray());
                } catch (UnrecoverableKeyException e) {
                    throw new ConfigException(setting + ": the private key '" + alias + "' in " + file
                            + " has a password other than tls.keystore.password (KISTE_TLS_KEYSTORE_PASSWORD)");
                }
                Certificate[] chain = ks.getCertificateChain(alias);
                if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                    throw new ConfigException(
                            setting + ": the private key '" + alias + "' in " + file + " has no X.509 certificate");
                }
                requireMatch(key, leaf, setting + ": " + file + ", key '" + alias + "'");
                return inMemory(key, chain, leaf);
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException(setting + ": cannot read " + file + ": " + e.getMessage());
        }
        throw new ConfigException(setting + ": " + file + " holds no private key, only certificates");
    }

    private static Loaded fromPem(Path certificateFile, Path keyFile) {
        String certSetting = "tls.certificate (KISTE_TLS_CERTIFICATE)";
        String keySetting = "tls.private-key (KISTE_TLS_PRIVATE_KEY)";
        List<X509Certificate> chain;
        try {
            chain = PemKeys.certificates(read(certificateFile, certSetting));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(certSetting + ": " + certificateFile + ": " + e.getMessage());
        }
        PrivateKey key;
        try {
            key = PemKeys.privateKey(read(keyFile, keySetting), chain.get(0).getPublicKey(), keyFile.toString());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(keySetting + ": " + keyFile + ": " + e.getMessage());
        }
        requireMatch(key, chain.get(0), keySetting + ": " + keyFile);
        return inMemory(key, chain.toArray(new Certificate[0]), chain.get(0));
    }

    private static String read(Path file, String setting) {
        requireReadable(file, setting);
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigException(setting + ": cannot read " + file + ": " + e);
        }
    }

    private static void requireReadable(Path file, String setting) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(setting + ": no such file " + file);
        }
        if (!Files.isReadable(file)) {
            throw new ConfigException(setting + ": " + file + " is not readable by the user Kiste runs as");
        }
    }

    /**
     * The key must belong to the certificate: a key left over from the previous certificate is the usual mistake
     * after a renewal, and would otherwise only show up as failed handshakes.
     */
    private static void requireMatch(PrivateKey key, X509Certificate cert, String setting) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            default -> null; // RSASSA-PSS and rarer kinds: the handshake will tell
        };
        if (algorithm == null) {
            return;
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another kind than the certificate's: the same answer
        }
        throw new ConfigException(setting + ": the private key does not belong to the certificate "
                + cert.getSubjectX500Principal().getName() + " (a key of an older certificate?)");
    }

    private static Loaded inMemory(PrivateKey key, Certificate[] chain, X509Certificate leaf) {
        // never written anywhere: the password only satisfies the KeyStore API
        String password = "kiste-in-memory";
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, key, password.toCharArray(), chain);
            return new Loaded(ks, password, leaf);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the in-memory key store", e);
        }
    }
}
