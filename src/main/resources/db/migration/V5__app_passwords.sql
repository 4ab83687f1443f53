-- App passwords (Nextcloud "devices & sessions"): a random 72-character secret per client, tied to one user and
-- the login name it was created under, usable only as a Basic password on DAV/OCS. Only its SHA-256 is stored:
-- the secret has ~428 bits of entropy, so a fast hash suffices and the lookup is one unique-index probe.
-- Deleting an account deletes its rows (UserService), like its other rows (no foreign keys in this schema).
CREATE TABLE app_password (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id      BIGINT       NOT NULL,
    login_name   VARCHAR(64)  NOT NULL,
    name         VARCHAR(255) NOT NULL,                -- the client's User-Agent when it was created
    token_hash   BINARY(32)   NOT NULL,                -- SHA-256 of the UTF-8 secret
    created_at   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    last_used_at DATETIME(3)  NULL,
    UNIQUE KEY uk_app_password_hash (token_hash),
    KEY ix_app_password_user (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
