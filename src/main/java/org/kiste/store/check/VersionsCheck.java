package org.kiste.store.check;

/**
 * Every version belongs to a file (live or in a trash: its row goes with the file's, by a foreign key) and names a
 * live blob row of its size. A version whose blob was marked lost (by {@code --repair}) is reported too: that earlier
 * content cannot be read any more.
 */
final class VersionsCheck implements StoreCheck {
    @Override
    public String name() {
        return "versions";
    }

    @Override
    public void run(CheckContext ctx) {
        if (Rows.each(
                ctx.db(),
                "SELECT v.id, v.revision, n.id, n.name, n.kind, v.blob_id, b.id, b.state, b.size, v.size"
                        + " FROM file_version v JOIN node n ON n.id = v.node_id"
                        + " LEFT JOIN blob_object b ON b.id = v.blob_id"
                        + " WHERE n.kind <> 1 OR (v.blob_id IS NOT NULL"
                        + "   AND (b.id IS NULL OR b.state <> 1 OR b.size <> v.size))",
                rs -> {
                    String version = "version " + rs.getLong(2) + " (#" + rs.getLong(1) + ") of node #" + rs.getLong(3)
                            + " '" + rs.getString(4) + "'";
                    if (rs.getInt(5) != 1) {
                        ctx.found(name(), version + " belongs to a folder, not a file");
                        return;
                    }
                    rs.getLong(7);
                    if (rs.wasNull()) {
                        ctx.found(name(), version + " names blob #" + rs.getLong(6) + ", which has no row");
                        return;
                    }
                    int state = rs.getInt(8);
                    String problem = switch (state) {
                        case 1 -> "of " + rs.getLong(9) + " bytes, but the version says " + rs.getLong(10);
                        case 4 -> "whose content is lost (marked by kiste fsck --repair)";
                        case 0 -> "which is still pending";
                        case 2 -> "which is being deleted";
                        default -> "in state " + state;
                    };
                    ctx.found(name(), version + " names blob #" + rs.getLong(6) + " " + problem);
                })) {
            ctx.stoppedCounting(name());
        }
    }
}
