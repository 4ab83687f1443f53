package org.kiste.store.check;

/**
 * Every file names a blob row that is live and of the file's size. A file whose blob was marked lost (by {@code
 * --repair}) is reported too: its content is gone until it is uploaded again or restored from a backup.
 */
final class BlobReferencesCheck implements StoreCheck {
    @Override
    public String name() {
        return "file-blobs";
    }

    @Override
    public void run(CheckContext ctx) {
        if (Rows.each(
                ctx.db(),
                "SELECT n.id, n.space_id, n.name, n.size, n.blob_id, b.id, b.state, b.size"
                        + " FROM node n LEFT JOIN blob_object b ON b.id = n.blob_id"
                        + " WHERE n.blob_id IS NOT NULL AND (b.id IS NULL OR b.state <> 1 OR b.size <> n.size)",
                rs -> {
                    String file = "file #" + rs.getLong(1) + " '" + rs.getString(3) + "' (space " + rs.getLong(2)
                            + ") names blob #" + rs.getLong(5);
                    rs.getLong(6);
                    if (rs.wasNull()) {
                        ctx.found(name(), file + ", which has no row");
                        return;
                    }
                    int state = rs.getInt(7);
                    String problem = switch (state) {
                        case 1 -> "of " + rs.getLong(8) + " bytes, but the file says " + rs.getLong(4);
                        case 4 ->
                            "whose content is lost (marked by kiste fsck --repair): upload the file again"
                                    + " or restore it from a backup";
                        case 0 -> "which is still pending";
                        case 2 -> "which is being deleted";
                        default -> "in state " + state;
                    };
                    ctx.found(name(), file + ", " + problem);
                })) {
            ctx.stoppedCounting(name());
        }
    }
}
