-- Nextcloud Login Flow v2: one row per flow, from the client's start until its one successful poll (then the
-- row is deleted) or until it expires. Both tokens are stored as SHA-256 only. The app password waits here
-- sealed to the flow's X25519 public key; the matching private key is stored encrypted with a key derived
-- from the poll token, so the database alone cannot reveal it. The browser session of the login pages is
-- bound to the flow: its cookie's SHA-256 and, once the password was right, the account that logged in.
CREATE TABLE login_flow (
    id                  BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    poll_hash           BINARY(32)    NOT NULL,
    login_hash          BINARY(32)    NOT NULL,
    client_name         VARCHAR(255)  NOT NULL,                -- the client's User-Agent, the app password's name
    public_key          VARBINARY(64) NOT NULL,                -- X25519, raw 32 bytes
    sealed_private_key  VARBINARY(128) NOT NULL,               -- AES-GCM under a key derived from the poll token
    created_ms          BIGINT        NOT NULL,                -- epoch milliseconds
    expires_ms          BIGINT        NOT NULL,
    session_hash        BINARY(32)    NULL,                    -- SHA-256 of the browser session cookie
    user_id             BIGINT        NULL,                    -- logged in through the session
    login_name          VARCHAR(64)   NULL,
    failed_logins       INT           NOT NULL DEFAULT 0,
    state               VARCHAR(16)   NOT NULL DEFAULT 'open', -- open, granting, granted
    sealed_app_password VARBINARY(512) NULL,                   -- ephemeral public key, nonce, ciphertext
    UNIQUE KEY uk_login_flow_poll (poll_hash),
    UNIQUE KEY uk_login_flow_login (login_hash),
    KEY ix_login_flow_expires (expires_ms),
    CONSTRAINT fk_login_flow_user FOREIGN KEY (user_id) REFERENCES user_account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
