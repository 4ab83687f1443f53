package org.kiste.cache;

import java.util.function.LongConsumer;

/**
 * The one way a committed change tells the caches that hold copies of what it changed. Writers publish what
 * changed; caches subscribe and forget. In one process the message is delivered at once ({@link
 * LocalInvalidations}); several server processes on one database would share an implementation that carries the
 * messages between them, and until then each cache's expiry bounds how long another process may serve a copy.
 */
public interface Invalidations {
    /** What changed. */
    enum Topic {
        /** Something in a space's tree was written; the id is the space's. */
        SPACE,
        /** A space's own row (its quota) changed; the id is the space's. */
        SPACE_ROW,
        /** What is mounted in users' trees (shares, grants, memberships); the id is a user's, 0 for everyone. */
        MOUNTS,
        /** An account (password, state) changed; the id is the user's, 0 for every account. */
        ACCOUNT
    }

    /** Tells every subscriber of {@code topic} that {@code id} changed; called after the change committed. */
    void publish(Topic topic, long id);

    /** Registers a cache to forget what {@code topic} messages name. */
    void subscribe(Topic topic, LongConsumer forget);
}
