package org.kiste.share;

import java.util.Map;
import java.util.Set;
import org.kiste.files.ShareMarks;
import org.kiste.model.Principal;
import org.kiste.store.Database;
import org.kiste.store.ShareRepository;

/** The share types a user made on their items, read for the files core's {@code oc:share-types} marks. */
public final class MadeShares implements ShareMarks {
    private final Database db;
    private final ShareRepository shares = new ShareRepository();

    public MadeShares(Database db) {
        this.db = db;
    }

    @Override
    public Map<Long, ? extends Set<Integer>> typesMadeBy(Principal p) {
        if (p.isLinkVisitor()) {
            return Map.of();
        }
        return db.read(c -> shares.typesByOwner(c, p.userId()));
    }
}
