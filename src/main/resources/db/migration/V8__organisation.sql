-- The organisation: groups of users, team folders (spaces of kind 2 mounted into members' trees), the grants
-- that give a user or a group a role on a team folder, and an audit trail of every administrative change.

CREATE TABLE user_group (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name         VARCHAR(64)  CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    display_name VARCHAR(255) NOT NULL,
    created_at   DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY uk_group_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE group_member (
    group_id BIGINT NOT NULL,
    user_id  BIGINT NOT NULL,
    PRIMARY KEY (group_id, user_id),
    KEY ix_member_user (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A team folder is a space of kind 2; its name is the mount name in every member's tree. A deleted team folder
-- stays in the organisation's trash (state 1) with all its files until it is restored or purged; only live
-- folders need unique names, so the unique key is on a column that is NULL for trashed ones.
CREATE TABLE team_folder (
    space_id   BIGINT       NOT NULL PRIMARY KEY,
    name       VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
    state      TINYINT      NOT NULL DEFAULT 0,            -- 0 live, 1 in the organisation's trash
    live_name  VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin
               AS (IF(state = 0, name, NULL)) PERSISTENT,
    created_at DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    deleted_at DATETIME(3)  NULL,
    UNIQUE KEY uk_team_folder_live_name (live_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE folder_grant (
    space_id     BIGINT      NOT NULL,
    subject_type TINYINT     NOT NULL,                     -- 1 user, 2 group
    subject_id   BIGINT      NOT NULL,
    role         TINYINT     NOT NULL,                     -- 1 viewer, 2 editor, 3 manager
    granted_by   VARCHAR(64) NOT NULL,
    granted_at   DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    UNIQUE KEY uk_grant (space_id, subject_type, subject_id),
    KEY ix_grant_subject (subject_type, subject_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE audit_event (
    id      BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    at      DATETIME(3)  NOT NULL,                         -- UTC
    actor   VARCHAR(64)  NOT NULL,                         -- a user's login, or 'admin-cli'
    action  VARCHAR(64)  NOT NULL,                         -- e.g. group.add, folder.grant
    subject VARCHAR(255) NOT NULL,                         -- what was changed: a group or team folder name
    target  VARCHAR(255) NULL,                             -- whom it concerns: user:alice, group:sales, a new name
    detail  TEXT         NULL,                             -- JSON
    KEY ix_audit_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
