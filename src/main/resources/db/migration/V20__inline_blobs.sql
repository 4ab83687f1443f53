-- Small files' bytes in their blob row (blob.inline-max): written by the transaction that names them, so they need
-- no file and no fsync of their own; the redo log makes them durable with the metadata. The storage key of such a
-- row starts with 'i' (a file's key is hex); the column is NULL for every blob kept as a file.
ALTER TABLE blob_object ADD COLUMN content MEDIUMBLOB NULL;
