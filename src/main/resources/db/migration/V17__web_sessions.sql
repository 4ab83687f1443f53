-- Sessions of the web pages under /ui: a random id in the browser's cookie, stored here as SHA-256 only. A
-- session holds the account's credential version from its login: a password change or disabling the account
-- bumps that version and so ends the session; deleting the account deletes its rows. A session unused for
-- longer than the idle limit is gone (last_seen_ms, written at most once a minute).
CREATE TABLE web_session (
    id            BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    session_hash  BINARY(32)  NOT NULL,
    user_id       BIGINT      NOT NULL,
    cred_version  BIGINT      NOT NULL,
    created_ms    BIGINT      NOT NULL,
    last_seen_ms  BIGINT      NOT NULL,
    UNIQUE KEY uk_web_session_hash (session_hash),
    KEY ix_web_session_user (user_id),
    KEY ix_web_session_seen (last_seen_ms),
    CONSTRAINT fk_web_session_user FOREIGN KEY (user_id) REFERENCES user_account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
