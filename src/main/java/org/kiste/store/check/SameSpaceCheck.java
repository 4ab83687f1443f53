package org.kiste.store.check;

/** Every node lives in its parent's space. */
final class SameSpaceCheck implements StoreCheck {
    @Override
    public String name() {
        return "tree-space";
    }

    @Override
    public void run(CheckContext ctx) {
        if (Rows.each(
                ctx.db(),
                "SELECT n.id, n.name, n.space_id, p.id, p.space_id FROM node n JOIN node p ON p.id = n.parent_id"
                        + " WHERE n.space_id <> p.space_id",
                rs -> ctx.found(
                        name(),
                        "node #" + rs.getLong(1) + " '" + rs.getString(2) + "' is in space " + rs.getLong(3)
                                + ", its parent #" + rs.getLong(4) + " in space " + rs.getLong(5)))) {
            ctx.stoppedCounting(name());
        }
    }
}
