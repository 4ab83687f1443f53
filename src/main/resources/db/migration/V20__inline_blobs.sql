-- Small files' bytes in the database (blob.inline-max): written by the transaction that names them, so they need no
-- file and no fsync of their own; the redo log makes them durable with the metadata. The storage key of such a blob
-- starts with 'i' (a file's key is hex). The bytes have a table of their own, so that blob_object's rows, which
-- every listing joins, stay narrow; they go with their blob row.
CREATE TABLE blob_content (
    blob_id BIGINT     NOT NULL PRIMARY KEY,
    content MEDIUMBLOB NOT NULL,
    CONSTRAINT fk_blob_content_blob FOREIGN KEY (blob_id) REFERENCES blob_object (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
