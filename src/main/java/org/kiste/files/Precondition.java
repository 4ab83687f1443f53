package org.kiste.files;

/**
 * A client condition on the current state of a target ({@code null} when it does not exist), evaluated by the
 * core inside the transaction that changes it, so the check and the write are one compare-and-set.
 */
@FunctionalInterface
public interface Precondition {
    Precondition NONE = current -> { };

    /** @throws PreconditionFailedException when the condition does not hold */
    void check(Node current);
}
