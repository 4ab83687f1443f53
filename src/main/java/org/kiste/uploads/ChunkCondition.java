package org.kiste.uploads;

/**
 * A client's conditions on a chunk it writes ({@code If-Match}, {@code If-None-Match}): evaluated against the chunk
 * of that name as it is ({@code null} when there is none), once before the body is read and again in the
 * transaction that stores it.
 */
@FunctionalInterface
public interface ChunkCondition {
    ChunkCondition NONE = current -> {};

    /** @throws org.kiste.model.PreconditionFailedException when the condition does not hold */
    void check(Chunk current);
}
