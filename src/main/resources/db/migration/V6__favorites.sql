-- Per-user favourite flags (oc:favorite). Keyed by node id, so a favourite follows its node through MOVE;
-- rows of nodes that are purged go with them.
CREATE TABLE favorite (
    user_id    BIGINT      NOT NULL,
    node_id    BIGINT      NOT NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (user_id, node_id),
    KEY ix_favorite_node (node_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
