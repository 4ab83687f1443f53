package org.kiste.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.kiste.model.Principal;
import org.kiste.testing.TestServer;

/** Web sessions end after their longest lifetime even when used all along. */
class WebSessionsTest {
    private final TestServer s = TestServer.get();

    @Test
    void aSessionUsedAllAlongStillEndsAfterItsLifetime() {
        AtomicLong now = new AtomicLong(System.currentTimeMillis());
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        WebSessions sessions =
                new WebSessions(s.backend.database(), clock, Duration.ofMinutes(30), Duration.ofHours(2));
        Principal who = s.users().find(s.newUser("ws")).orElseThrow().principal();
        byte[] hash = new byte[32];
        new java.security.SecureRandom().nextBytes(hash);
        assertThat(sessions.begin(who, hash, null)).isTrue();
        for (int i = 0; i < 7; i++) {
            now.addAndGet(Duration.ofMinutes(15).toMillis());
            assertThat(sessions.find(hash)).as("after %d quarters", i + 1).isPresent();
        }
        assertThat(sessions.find(hash).orElseThrow().bySession()).isTrue();
        now.addAndGet(Duration.ofMinutes(20).toMillis());
        assertThat(sessions.find(hash)).isEmpty();
    }
}
