-- A recipient may keep a received share in one of their own folders, not only in their root: the folder is named
-- by its node id, so the mount point follows the folder through the recipient's renames and moves. 0 is the root
-- of the recipient's tree. Names are unique per folder.

ALTER TABLE share_mount
    ADD COLUMN parent_node_id BIGINT NOT NULL DEFAULT 0 AFTER user_id,
    DROP INDEX uk_share_mount_name,
    ADD UNIQUE KEY uk_share_mount_name (user_id, parent_node_id, name);
