-- WebDAV locks (RFC 4918 §6-7). Keyed by token for refresh/unlock, by node for conflicts, and by space and
-- expiry to list the few live locks of a space when checking a subtree. Expired rows are ignored and
-- deleted lazily, so "expiring on time" needs no timer.
CREATE TABLE dav_lock (
    token        VARCHAR(80)   NOT NULL PRIMARY KEY,   -- opaquelocktoken:<uuid>
    node_id      BIGINT        NOT NULL,
    space_id     BIGINT        NOT NULL,
    exclusive    TINYINT       NOT NULL,               -- 1 exclusive, 0 shared
    deep         TINYINT       NOT NULL,               -- 1 depth infinity, 0 depth 0
    owner_xml    TEXT          NULL,                   -- the client's <owner>, echoed in lockdiscovery
    principal_id BIGINT        NOT NULL,               -- who may use the token
    timeout_s    BIGINT        NOT NULL,               -- granted timeout (seconds) for lockdiscovery
    expires_at   DATETIME(3)   NOT NULL,
    created_at   DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_lock_node (node_id),
    KEY ix_lock_space (space_id, expires_at),
    KEY ix_lock_principal (principal_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per node that has ever been locked: LOCK writes it, so two lockers of one node serialise on it
-- (also across server processes and Galera nodes) instead of both seeing "no conflict".
CREATE TABLE node_lock_gen (
    node_id BIGINT NOT NULL PRIMARY KEY,
    gen     BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
