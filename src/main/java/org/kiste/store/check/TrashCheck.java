package org.kiste.store.check;

/**
 * The trash is consistent: every trash item's node exists, in the item's space, directly below that space's trash
 * container, and every node directly below a trash container is a trash item (so no node is both live and trashed).
 * An item being purged ({@code orig_parent_id} 0) is left out: the purge removes its subtree in batches and the item
 * last, in transactions of their own.
 */
final class TrashCheck implements StoreCheck {
    @Override
    public String name() {
        return "trash";
    }

    @Override
    public void run(CheckContext ctx) {
        if (Rows.each(
                ctx.db(),
                "SELECT t.node_id, t.space_id, n.id, n.space_id, n.parent_id, s.trash_node_id FROM trash_item t"
                        + " LEFT JOIN node n ON n.id = t.node_id LEFT JOIN space s ON s.id = t.space_id"
                        + " WHERE t.orig_parent_id <> 0 AND (n.id IS NULL OR n.space_id <> t.space_id OR s.id IS NULL"
                        + " OR NOT (n.parent_id <=> s.trash_node_id))",
                rs -> {
                    String item = "trash item #" + rs.getLong(1) + " (space " + rs.getLong(2) + ")";
                    Long node = Rows.nullableLong(rs, 3);
                    if (node == null) {
                        ctx.found(name(), item + " names no node");
                    } else if (rs.getLong(4) != rs.getLong(2)) {
                        ctx.found(name(), item + "'s node lies in space " + rs.getLong(4));
                    } else {
                        ctx.found(
                                name(),
                                item + " is not directly below its space's trash container (its parent is #"
                                        + Rows.nullableLong(rs, 5) + ")");
                    }
                })) {
            ctx.stoppedCounting(name());
        }
        if (Rows.each(
                ctx.db(),
                "SELECT n.id, n.name, n.space_id FROM node n JOIN space s ON n.parent_id = s.trash_node_id"
                        + " WHERE NOT EXISTS (SELECT 1 FROM trash_item t WHERE t.node_id = n.id)",
                rs -> ctx.found(
                        name(),
                        "node #" + rs.getLong(1) + " '" + rs.getString(2) + "' lies in the trash of space "
                                + rs.getLong(3) + " without a trash item"))) {
            ctx.stoppedCounting(name());
        }
    }
}
