package org.kiste.files;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * More work for the transaction that stores a file, run once the target is locked and before the quota is
 * decided: an assembled upload removes its transfer, so its parked chunks stop counting in the same commit.
 */
public interface CommitStep {
    /** Bytes the step frees in a space, counted as room before the body is read. */
    long frees(long spaceId);

    void run(Connection c) throws SQLException;
}
