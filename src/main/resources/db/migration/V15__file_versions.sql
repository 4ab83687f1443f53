-- File versions: the earlier contents of a file. A version names its blob (content is stored once, never copied)
-- and follows its file by id through rename, move, trash and restore; it goes with the file's row.
CREATE TABLE file_version (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    node_id     BIGINT       NOT NULL,                 -- the file
    revision    BIGINT       NOT NULL,                 -- Unix seconds, unique per file: the version's name
    blob_id     BIGINT       NULL,                     -- NULL for empty content
    size        BIGINT       NOT NULL,
    mtime       BIGINT       NOT NULL,                 -- ms: the file's modification time while it held this
    etag        CHAR(16)     NULL,                     -- the file's etag while it held this
    mime        VARCHAR(127) NULL,
    author_id   BIGINT       NULL,                     -- who wrote this content (NULL: a link's visitor)
    label       VARCHAR(255) NULL,                     -- a named version never expires by schedule
    created_at  BIGINT       NOT NULL,                 -- ms: when it stopped being the current content
    UNIQUE KEY uk_version_revision (node_id, revision),
    KEY ix_version_blob (blob_id),
    KEY ix_version_created (created_at),
    CONSTRAINT fk_version_node FOREIGN KEY (node_id) REFERENCES node (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Who wrote a file's current content (NULL: its creator, node.created_by; 0: a link's visitor), for the author of
-- its next version.
ALTER TABLE node ADD COLUMN content_by BIGINT NULL;
