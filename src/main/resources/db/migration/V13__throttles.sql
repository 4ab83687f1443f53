-- Password guessing, throttled in the database so that the state holds across restarts and is shared by every
-- server process. One row per throttled key: a client address (IPv6 by its /64), an account name as sent, a
-- (link, address) pair, or an address starting Login Flows. Each attempt is counted under the row's lock before
-- it is evaluated; once the count passes the key's free attempts, the next attempt is allowed only after
-- blocked_until_ms. A row is forgotten at expires_ms (housekeeping deletes it).
CREATE TABLE auth_throttle (
    kind             VARCHAR(16)  NOT NULL,       -- address, account, link, flow-start
    subject          VARCHAR(200) NOT NULL,       -- the key within its kind
    address          VARCHAR(64)  NULL,           -- the client address (or /64) the key is about, for reset
    login            VARCHAR(64)  NULL,           -- the account name the key is about, for reset
    failures         INT          NOT NULL,
    last_ms          BIGINT       NOT NULL,       -- epoch milliseconds of the last counted attempt
    blocked_until_ms BIGINT       NOT NULL,
    expires_ms       BIGINT       NOT NULL,
    PRIMARY KEY (kind, subject),
    KEY ix_auth_throttle_expires (expires_ms),
    KEY ix_auth_throttle_address (address),
    KEY ix_auth_throttle_login (login)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Successful logins per (account name, client address): an address that logged in to an account recently is not
-- held back by that account's throttle, so guessing from elsewhere cannot lock the real user out.
CREATE TABLE auth_known_address (
    login    VARCHAR(64) NOT NULL,
    address  VARCHAR(64) NOT NULL,
    last_ms  BIGINT      NOT NULL,
    PRIMARY KEY (login, address),
    KEY ix_auth_known_address_last (last_ms)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
