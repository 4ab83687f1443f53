package org.kiste.auth;

import java.util.Optional;
import org.kiste.model.Principal;

/**
 * The one seam that turns presented credentials into a principal: account passwords and app passwords now, link
 * passwords later, each an implementation tried in order by {@link CompositeAuthenticator}.
 */
public interface Authenticator {
    Optional<Principal> authenticate(String login, String secret);
}
