package org.kiste.auth;

import java.util.Optional;
import org.kiste.files.Principal;

/**
 * The one seam that turns presented credentials into a principal. Account passwords now; app passwords and
 * link passwords are further implementations tried in order by {@link CompositeAuthenticator}.
 */
public interface Authenticator {
    Optional<Principal> authenticate(String login, String secret);
}
