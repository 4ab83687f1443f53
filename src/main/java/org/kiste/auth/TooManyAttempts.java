package org.kiste.auth;

/** Attempts of this kind are held back for now; every door answers 429 with {@code Retry-After}. */
public final class TooManyAttempts extends RuntimeException {
    private final long retryAfterSeconds;

    public TooManyAttempts(long retryAfterSeconds) {
        super("too many attempts; try again in " + retryAfterSeconds + " s", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
