package org.kiste.store.check;

/**
 * Only space roots and trash containers have no parent, and each space's root and trash container are parentless
 * nodes of that space.
 */
final class SpaceRootsCheck implements StoreCheck {
    @Override
    public String name() {
        return "tree-roots";
    }

    @Override
    public void run(CheckContext ctx) {
        if (Rows.each(
                ctx.db(),
                "SELECT n.id, n.name, n.space_id FROM node n WHERE n.parent_id IS NULL AND NOT EXISTS"
                        + " (SELECT 1 FROM space s WHERE s.root_node_id = n.id OR s.trash_node_id = n.id)",
                rs -> ctx.found(
                        name(),
                        "node #" + rs.getLong(1) + " '" + rs.getString(2) + "' (space " + rs.getLong(3)
                                + ") has no parent but is no space's root or trash"))) {
            ctx.stoppedCounting(name());
        }
        if (Rows.each(
                ctx.db(),
                "SELECT s.id, s.root_node_id, r.space_id, r.parent_id, s.trash_node_id, t.space_id, t.parent_id"
                        + " FROM space s LEFT JOIN node r ON r.id = s.root_node_id"
                        + " LEFT JOIN node t ON t.id = s.trash_node_id"
                        + " WHERE r.id IS NULL OR r.space_id <> s.id OR r.parent_id IS NOT NULL"
                        + " OR (s.trash_node_id IS NOT NULL"
                        + "     AND (t.id IS NULL OR t.space_id <> s.id OR t.parent_id IS NOT NULL))",
                rs -> {
                    long space = rs.getLong(1);
                    Long root = Rows.nullableLong(rs, 2);
                    Long rootSpace = Rows.nullableLong(rs, 3);
                    if (root == null || rootSpace == null) {
                        ctx.found(name(), "space " + space + " has no root node");
                    } else if (rootSpace != space || Rows.nullableLong(rs, 4) != null) {
                        ctx.found(
                                name(),
                                "space " + space + "'s root #" + root + " lies in space " + rootSpace
                                        + " or below a parent");
                    } else {
                        ctx.found(
                                name(),
                                "space " + space + "'s trash container #" + rs.getLong(5)
                                        + " is missing, in another space or below a parent");
                    }
                })) {
            ctx.stoppedCounting(name());
        }
    }
}
