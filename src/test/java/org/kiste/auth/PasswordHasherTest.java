package org.kiste.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** New hashes take the configured bcrypt cost (11 by default); a hash is verified at the cost it was made with. */
class PasswordHasherTest {
    @Test
    void newHashesTakeTheCostAndAnyCostVerifies() {
        String cheap = new PasswordHasher(4).hash("secret");
        String standard = new PasswordHasher().hash("secret");
        assertThat(cheap).startsWith("$2a$04$");
        assertThat(standard).startsWith("$2a$11$");
        PasswordHasher verifier = new PasswordHasher(5);
        assertThat(verifier.verify("secret", cheap)).isTrue();
        assertThat(verifier.verify("secret", standard)).isTrue();
        assertThat(verifier.verify("other", cheap)).isFalse();
        assertThatThrownBy(() -> new PasswordHasher(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PasswordHasher(32)).isInstanceOf(IllegalArgumentException.class);
    }
}
