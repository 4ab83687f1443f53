-- Dead properties count against their space's quota: prop_bytes holds the bytes (namespace, name and value,
-- UTF-8) of the dead properties of the nodes in the space's live tree (its trash, like the trash's files, does not
-- count). Every write that adds, removes or carries properties in or out of the live tree changes it in its own
-- transaction, after the node locks it holds.
ALTER TABLE space ADD COLUMN prop_bytes BIGINT NOT NULL DEFAULT 0;

UPDATE space s JOIN (
    WITH RECURSIVE t (space_id, id) AS (
        SELECT id, root_node_id FROM space WHERE root_node_id IS NOT NULL
        UNION ALL SELECT t.space_id, n.id FROM node n JOIN t ON n.parent_id = t.id)
    SELECT t.space_id, SUM(OCTET_LENGTH(p.namespace) + OCTET_LENGTH(p.localname) + OCTET_LENGTH(p.value)) AS bytes
    FROM t JOIN dead_prop p ON p.node_id = t.id
    GROUP BY t.space_id
) b ON b.space_id = s.id
SET s.prop_bytes = b.bytes;
