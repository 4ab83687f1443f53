package org.kiste.files;

import java.util.Set;
import org.kiste.model.Node;
import org.kiste.model.PreconditionFailedException;

/**
 * A client's conditions for a write: a check on the current state of the target ({@code null} when it does not
 * exist), evaluated by the core inside the transaction that changes it (one compare-and-set), and the WebDAV lock
 * tokens the client submitted, which let it change what its own locks cover.
 */
@FunctionalInterface
public interface Precondition {
    Precondition NONE = current -> {};

    /** @throws PreconditionFailedException when the condition does not hold */
    void check(Node current);

    /** Lock tokens submitted with the request (RFC 4918 §10.4: the state tokens of its If header). */
    default Set<String> lockTokens() {
        return Set.of();
    }

    /** The same check, submitting {@code tokens}. */
    static Precondition withTokens(Precondition check, Set<String> tokens) {
        if (tokens.isEmpty()) {
            return check;
        }
        return new Precondition() {
            @Override
            public void check(Node current) {
                check.check(current);
            }

            @Override
            public Set<String> lockTokens() {
                return tokens;
            }
        };
    }
}
