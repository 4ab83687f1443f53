package org.kiste.store;

import java.sql.SQLException;

/** A database failure that is not the caller's fault (answered 500 / 503 by the doors). */
public class StoreException extends RuntimeException {
    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    public StoreException(String message) {
        super(message);
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
