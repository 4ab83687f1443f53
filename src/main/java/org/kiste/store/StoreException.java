package org.kiste.store;

import java.sql.SQLException;
import org.kiste.model.UnavailableException;

/** A database failure that is not the caller's fault (answered 500 / 503 by the doors). */
public class StoreException extends UnavailableException {
    private final boolean outcomeUnknown;

    public StoreException(SQLException cause) {
        this(cause, false);
    }

    private StoreException(SQLException cause, boolean outcomeUnknown) {
        super(cause.getMessage(), cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /** A commit that failed on its way: it may or may not have taken effect. */
    static StoreException commitFailed(SQLException cause) {
        return new StoreException(cause, true);
    }

    /**
     * True when a commit failed without the database saying whether it took effect: nothing the transaction
     * referred to (such as a blob's bytes) may be removed on the assumption that it did not.
     */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }

    public StoreException(String message) {
        super(message, null);
        this.outcomeUnknown = false;
    }

    /** True when the failure is a unique-key violation (error 1062), e.g. two creates of one name racing. */
    public boolean isDuplicateKey() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == 1062) {
                return true;
            }
        }
        return false;
    }
}
