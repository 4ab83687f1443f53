package org.kiste.auth;

import java.util.List;
import java.util.Optional;
import org.kiste.model.Principal;

/** Tries each authenticator in turn; the first that accepts the credentials wins. */
public final class CompositeAuthenticator implements Authenticator {
    private final List<Authenticator> delegates;

    public CompositeAuthenticator(List<Authenticator> delegates) {
        this.delegates = List.copyOf(delegates);
    }

    @Override
    public Optional<Principal> authenticate(String login, String secret) {
        for (Authenticator a : delegates) {
            Optional<Principal> p = a.authenticate(login, secret);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }
}
