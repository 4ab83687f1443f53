package org.kiste.model;

/**
 * Whether nodes are read with their content details: the storage key and digests of a file's blob, which a listing
 * reads from the blob's row. Reading or checksumming content needs them; names, sizes, dates and etags do not.
 */
public enum ContentDetails {
    /** Each file's {@link Node#blob()} carries its storage key and digests. */
    INCLUDED,
    /**
     * Each file with content carries a blob known by its id alone ({@link Node.Blob#idOnly}); empty files and
     * folders carry none, as always. Such nodes may not be given to anything that reads content or checksums.
     */
    OMITTED
}
