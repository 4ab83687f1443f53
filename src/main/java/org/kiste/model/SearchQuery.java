package org.kiste.model;

import java.util.List;

/**
 * A search over a user's tree, independent of the door that asked (WebDAV SEARCH, RFC 5323 basicsearch, as the
 * Nextcloud apps send it): a scope, a condition tree, an order and a result limit.
 */
public record SearchQuery(FilePath scope, boolean allDepths, Condition where, List<Order> order, int limit) {
    /** The largest result Kiste returns for one search; clients page with conditions on the order field. */
    public static final int MAX_RESULTS = 10_000;

    public enum Field {
        NAME,
        MIME,
        MTIME,
        SIZE,
        FILEID,
        FAVORITE,
        CREATED
    }

    public enum Op {
        EQ,
        LT,
        LTE,
        GT,
        GTE,
        LIKE
    }

    public sealed interface Condition permits All, And, Or, Not, Compare, IsFolder {}

    /** Matches everything (a search without a where clause). */
    public record All() implements Condition {}

    public record And(List<Condition> parts) implements Condition {}

    public record Or(List<Condition> parts) implements Condition {}

    public record Not(Condition inner) implements Condition {}

    /**
     * {@code field op value}; values are already typed: a String for NAME/MIME (LIKE patterns use {@code %} and
     * {@code _}), a Long for MTIME/CREATED (ms), SIZE and FILEID, a Boolean for FAVORITE.
     */
    public record Compare(Field field, Op op, Object value) implements Condition {}

    public record IsFolder() implements Condition {}

    public record Order(Field field, boolean ascending) {}
}
