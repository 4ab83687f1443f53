-- Chunked uploads are recorded in the database. A transfer's chunks are blobs of their own (state 3, never
-- deduplicated); what a transfer holds counts against the quota of the space its file is headed for, and one
-- assembly at a time is a state of the transfer's row instead of a named lock held on a pooled connection.

CREATE TABLE upload_transfer (
    id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id          BIGINT       NOT NULL,
    name             VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,  -- the client's id
    space_id         BIGINT       NOT NULL,                -- whose quota its chunks count against
    total_length     BIGINT       NULL,                    -- OC-Total-Length, when announced
    bytes            BIGINT       NOT NULL DEFAULT 0,      -- the sum of its chunks
    assembling_until DATETIME(3)  NULL,                    -- set while a MOVE .file assembles it
    created_at       DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at       DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY uk_transfer_name (user_id, name),
    KEY ix_transfer_space (space_id),
    KEY ix_transfer_updated (updated_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE upload_chunk (
    transfer_id BIGINT       NOT NULL,
    name        VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    blob_id     BIGINT       NOT NULL,
    size        BIGINT       NOT NULL,
    etag        CHAR(16)     NOT NULL,
    mtime       BIGINT       NOT NULL,                     -- ms
    PRIMARY KEY (transfer_id, name),
    KEY ix_chunk_blob (blob_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Writes now hold the rows they decide on (see NodeLocks): LOCK holds its node's row, and folder moves in one space
-- no longer serialise on the space row.
DROP TABLE node_lock_gen;
ALTER TABLE space DROP COLUMN move_gen;
