package org.kiste.store.check;

/**
 * Every node is reached from a parentless node (a root or trash container): none hangs below a missing parent, and
 * there are no cycles. The walk starts at the parentless nodes and goes down, so it ends even when there are cycles
 * (a node of a cycle is never a child of a node reached from outside it).
 */
final class ReachabilityCheck implements StoreCheck {
    @Override
    public String name() {
        return "tree-cycles";
    }

    @Override
    public void run(CheckContext ctx) {
        if (Rows.eachRecursive(
                ctx.db(),
                "WITH RECURSIVE reached (id) AS ("
                        + "  SELECT id FROM node WHERE parent_id IS NULL"
                        + "  UNION ALL SELECT n.id FROM node n JOIN reached r ON n.parent_id = r.id)"
                        + " SELECT n.id, n.name, n.space_id, n.parent_id, p.id FROM node n"
                        + " LEFT JOIN reached r ON r.id = n.id LEFT JOIN node p ON p.id = n.parent_id"
                        + " WHERE r.id IS NULL",
                rs -> {
                    String node = "node #" + rs.getLong(1) + " '" + rs.getString(2) + "' (space " + rs.getLong(3) + ")";
                    rs.getLong(5);
                    ctx.found(
                            name(),
                            rs.wasNull()
                                    ? node + " hangs below the missing parent #" + rs.getLong(4)
                                    : node + " is in a cycle or below one (parent #" + rs.getLong(4) + ")");
                })) {
            ctx.stoppedCounting(name());
        }
    }
}
