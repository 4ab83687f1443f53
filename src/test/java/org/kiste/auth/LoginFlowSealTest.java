package org.kiste.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

class LoginFlowSealTest {
    private static final String SECRET = RandomTokens.alphanumeric(72);

    @Test
    void onlyThePollTokenOpensTheSealedPassword() throws Exception {
        String poll = RandomTokens.alphanumeric(128);
        LoginFlowSeal.FlowKeys keys = LoginFlowSeal.newFlowKeys(poll);
        byte[] sealed = LoginFlowSeal.seal(keys.publicKey(), SECRET);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        assertThat(LoginFlowSeal.open(poll, keys.publicKey(), keys.sealedPrivateKey(), sealed))
                .isEqualTo(SECRET);
        assertThatThrownBy(() -> LoginFlowSeal.open(poll + "x", keys.publicKey(), keys.sealedPrivateKey(), sealed))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void aSealedValueDoesNotOpenInAnotherFlow() {
        String poll = RandomTokens.alphanumeric(128);
        LoginFlowSeal.FlowKeys mine = LoginFlowSeal.newFlowKeys(poll);
        LoginFlowSeal.FlowKeys other = LoginFlowSeal.newFlowKeys(RandomTokens.alphanumeric(128));
        byte[] sealedForOther = LoginFlowSeal.seal(other.publicKey(), SECRET);
        assertThatThrownBy(() -> LoginFlowSeal.open(poll, mine.publicKey(), mine.sealedPrivateKey(), sealedForOther))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void tokensAreAlphanumericAndChecked() {
        assertThat(RandomTokens.alphanumeric(200)).matches("[A-Za-z0-9]{200}");
        assertThat(RandomTokens.wellFormed("abc", 128)).isTrue();
        assertThat(RandomTokens.wellFormed("a-c", 128)).isFalse();
        assertThat(RandomTokens.wellFormed("", 128)).isFalse();
        assertThat(RandomTokens.wellFormed(null, 128)).isFalse();
        assertThat(RandomTokens.wellFormed("a".repeat(129), 128)).isFalse();
    }
}
