-- A backup holds a lease while it copies the blobs its database snapshot names: while an unexpired lease exists the
-- blob collector deletes nothing. A lease expires unless its backup renews it, so a killed backup does not keep the
-- collector waiting for long. The one guard row orders the two: a lease is taken under an exclusive lock on it, and
-- the collector's mark reads the leases only after locking it in share mode, so a mark either committed before the
-- lease (and the snapshot, taken after it, sees the blob as deleting) or sees the lease.
CREATE TABLE backup_lease (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    token      CHAR(32)     NOT NULL,
    holder     VARCHAR(255) NOT NULL,                  -- host and pid of the backup, for the operator
    created_at DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    expires_at DATETIME(3)  NOT NULL,
    UNIQUE KEY uk_lease_token (token),
    KEY ix_lease_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE backup_guard (
    id TINYINT NOT NULL PRIMARY KEY
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO backup_guard (id) VALUES (1);

-- blob_object.state 4: lost. kiste fsck --repair found the bytes missing or damaged; the row stays for the files
-- that name it (they answer a clear error), without its content address, so an upload of the same content stores
-- it anew. The collector reclaims a lost row like a live one once nothing refers to it.
