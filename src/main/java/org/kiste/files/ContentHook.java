package org.kiste.files;

import java.sql.Connection;
import java.sql.SQLException;
import org.kiste.model.Node;
import org.kiste.model.Principal;

/**
 * Told when a file's content is replaced while the file keeps its identity: a PUT over it, chunk assembly over
 * it, a MOVE or COPY over it with {@code Overwrite: T}. It runs inside the transaction that replaces the content,
 * so what it records (a version of the previous content, say) commits or rolls back with the replacement.
 */
@FunctionalInterface
public interface ContentHook {
    ContentHook NONE = (c, before, after, by) -> {};

    /**
     * @param before the file as it was (its blob is the content being replaced; null for an empty file)
     * @param after  the file as it is now (same id)
     */
    void replaced(Connection c, Node before, Node after, Principal by) throws SQLException;
}
