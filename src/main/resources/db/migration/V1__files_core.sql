-- Kiste metadata schema, version 1: accounts, spaces, the node tree, blobs, dead properties,
-- the insert-only folder change journal. All names use utf8mb4_bin: byte-exact and case-sensitive.

CREATE TABLE instance_setting (
    name  VARCHAR(64)  NOT NULL PRIMARY KEY,
    value VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE user_account (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    login         VARCHAR(64)  NOT NULL,
    display_name  VARCHAR(255) NOT NULL,
    email         VARCHAR(255) NULL,
    password_hash VARCHAR(255) NOT NULL,
    is_admin      TINYINT      NOT NULL DEFAULT 0,
    enabled       TINYINT      NOT NULL DEFAULT 1,
    quota_bytes   BIGINT       NOT NULL DEFAULT -1,
    -- bumped whenever a password changes or the account is disabled: invalidates cached credentials
    cred_version  BIGINT       NOT NULL DEFAULT 0,
    home_space_id BIGINT       NULL,
    created_at    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY uk_user_login (login)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A space is a tree with one owner and one quota: a user's home now, team folders later.
CREATE TABLE space (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    kind          TINYINT      NOT NULL,               -- 1 home, 2 team folder
    owner_user_id BIGINT       NULL,
    display_name  VARCHAR(255) NOT NULL,
    root_node_id  BIGINT       NULL,
    trash_node_id BIGINT       NULL,
    quota_bytes   BIGINT       NOT NULL DEFAULT -1,
    -- written by every folder MOVE in the space: serialises concurrent moves that could form a cycle
    move_gen      BIGINT       NOT NULL DEFAULT 0,
    created_at    DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_space_owner (owner_user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE blob_object (
    id          BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    storage_key CHAR(32)    NOT NULL,                  -- random; path on disk is aa/bb/<key>
    size        BIGINT      NOT NULL,
    sha256      BINARY(32)  NULL,                      -- NULL while pending; unique once live
    sha1        BINARY(20)  NULL,
    md5         BINARY(16)  NULL,
    state       TINYINT     NOT NULL,                  -- 0 pending, 1 live, 2 deleting
    created_at  DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY uk_blob_key (storage_key),
    UNIQUE KEY uk_blob_sha256 (sha256),
    KEY ix_blob_state (state, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The tree: an adjacency list. A rename or move changes one row whatever the size of the subtree.
CREATE TABLE node (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    space_id     BIGINT       NOT NULL,
    parent_id    BIGINT       NULL,                    -- NULL for space roots and trash containers
    name         VARCHAR(255) NOT NULL,                -- NFC
    kind         TINYINT      NOT NULL,                -- 1 file, 2 folder
    size         BIGINT       NOT NULL DEFAULT 0,      -- folders: folded subtree size (see folder_change)
    mtime        BIGINT       NOT NULL,                -- ms; files: client-settable
    ctime        BIGINT       NOT NULL,                -- ms; last change of this row's content or metadata
    created_at   BIGINT       NOT NULL,
    content_etag CHAR(16)     NULL,                    -- files: random per content version
    tree_version BIGINT       NOT NULL DEFAULT 0,      -- folders: folded count of changes below
    blob_id      BIGINT       NULL,                    -- NULL for empty files and folders
    mime         VARCHAR(127) NULL,
    created_by   BIGINT       NULL,
    UNIQUE KEY uk_node_parent_name (parent_id, name),
    KEY ix_node_space (space_id),
    KEY ix_node_blob (blob_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per change, for every ancestor folder of the changed node: writers only insert distinct
-- keys, so no writer waits on the root row. Readers add the pending rows to the folded values.
CREATE TABLE change_log (
    id       BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    space_id BIGINT      NOT NULL,
    node_id  BIGINT      NOT NULL,
    op       TINYINT     NOT NULL,                     -- 1 create, 2 write, 3 move, 4 delete, 5 meta
    actor_id BIGINT      NULL,
    at       TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_change_space (space_id, id),
    KEY ix_change_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE folder_change (
    folder_id  BIGINT NOT NULL,
    change_id  BIGINT NOT NULL,
    size_delta BIGINT NOT NULL,
    mtime      BIGINT NOT NULL,
    PRIMARY KEY (folder_id, change_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Deleted subtrees are detached under the space's trash container (O(1)), recorded here.
CREATE TABLE trash_item (
    node_id        BIGINT        NOT NULL PRIMARY KEY,
    space_id       BIGINT        NOT NULL,
    orig_parent_id BIGINT        NOT NULL,
    orig_name      VARCHAR(255)  NOT NULL,
    size           BIGINT        NOT NULL,
    deleted_at     DATETIME(3)   NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    deleted_by     BIGINT        NULL,
    KEY ix_trash_space (space_id, deleted_at),
    KEY ix_trash_at (deleted_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Dead properties (PROPPATCH), keyed by node id so they follow the node through MOVE.
CREATE TABLE dead_prop (
    node_id   BIGINT        NOT NULL,
    prop_hash BINARY(16)    NOT NULL,                  -- MD5 of "{namespace}localname"
    namespace VARCHAR(1024) NOT NULL,
    localname VARCHAR(255)  NOT NULL,
    value     MEDIUMTEXT    NOT NULL,                  -- XML content of the property element
    PRIMARY KEY (node_id, prop_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
