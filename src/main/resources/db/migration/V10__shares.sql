-- Shares: a user's or a group's access to one item (file or folder) of someone's space, and public links to an
-- item. The item is named by its node id, which stays the same through MOVE; a share whose item is in the trash
-- is hidden (its node no longer lies under its space's root).

CREATE TABLE share (
    id                  BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    share_type          TINYINT      NOT NULL,               -- 0 user, 1 group, 3 public link
    owner_user_id       BIGINT       NOT NULL,               -- who shared
    space_id            BIGINT       NOT NULL,               -- the item's space when shared
    node_id             BIGINT       NOT NULL,
    item_type           VARCHAR(6)   NOT NULL,               -- file | folder
    share_with_user_id  BIGINT       NULL,                   -- type 0
    share_with_group_id BIGINT       NULL,                   -- type 1
    permissions         INT          NOT NULL,               -- 1 read, 2 update, 4 create, 8 delete, 16 share
    token               VARCHAR(32)  NULL,                   -- type 3: [A-Za-z0-9]{15,}
    password_hash       VARCHAR(255) NULL,                   -- type 3: bcrypt
    expires_on          DATE         NULL,
    label               VARCHAR(255) NOT NULL DEFAULT '',
    note                VARCHAR(4000) NOT NULL DEFAULT '',
    hide_download       TINYINT      NOT NULL DEFAULT 0,
    parent_id           BIGINT       NULL,                   -- the received share this one reshares
    created_at          DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY uk_share_token (token),
    KEY ix_share_node (node_id),
    KEY ix_share_owner (owner_user_id),
    KEY ix_share_user (share_with_user_id),
    KEY ix_share_group (share_with_group_id),
    KEY ix_share_parent (parent_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Where a received user or group share appears in one recipient's tree: a top-level entry of this name. A NULL
-- name means the recipient unshared it for themselves (it stays away until the owner shares again).
CREATE TABLE share_mount (
    share_id BIGINT       NOT NULL,
    user_id  BIGINT       NOT NULL,
    name     VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NULL,
    PRIMARY KEY (share_id, user_id),
    UNIQUE KEY uk_share_mount_name (user_id, name),
    KEY ix_share_mount_user (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
