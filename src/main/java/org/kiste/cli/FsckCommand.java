package org.kiste.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.kiste.Backend;
import org.kiste.store.BlobCollector;
import org.kiste.store.check.CheckContext;
import org.kiste.store.check.StoreChecker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiste fsck}: compares the database with the blob store and checks the tree. */
@Command(
        name = "fsck",
        mixinStandardHelpOptions = true,
        description = {
            "Check the store, safe while the server runs: every file names a live blob of its size; every version "
                    + "belongs to a file and names a live blob of its size; every live blob's "
                    + "bytes are in the blob store, of the recorded size (with --verify-content also of the "
                    + "recorded SHA-256, read in full); no bytes older than an hour lie in the store without a row; "
                    + "every node is in its parent's space, reached from its space's root or trash (no cycles), and "
                    + "the trash is consistent.",
            "Exits 0 when the store is clean, 1 with a report otherwise.",
            "--repair hands orphan bytes to the blob collector (which deletes them after its grace, never while a "
                    + "backup runs; fsck deletes nothing itself) and marks blobs whose bytes are missing or damaged "
                    + "as lost, so that reading their files answers an error instead of breaking off. Tree "
                    + "findings are reported only."
        })
public final class FsckCommand extends AdminCommand {
    @Option(
            names = "--verify-content",
            description = "Read every blob in full and compare its SHA-256 with the database (slow on large stores).")
    boolean verifyContent;

    @Option(names = "--repair", description = "Hand orphan bytes to the blob collector and mark missing content lost.")
    boolean repair;

    @Override
    void run(Backend backend) throws IOException {
        CheckContext ctx = new CheckContext(
                backend.database(), backend.blobs(), verifyContent, repair, BlobCollector.UNRECORDED_GRACE);
        StoreChecker.standard().run(ctx);
        for (Map.Entry<String, List<String>> e : ctx.findings().entrySet()) {
            for (String f : e.getValue()) {
                out().println(e.getKey() + ": " + f);
            }
            int more = ctx.counts().get(e.getKey()) - e.getValue().size();
            if (more > 0 || ctx.countIsAtLeast(e.getKey())) {
                out().println(e.getKey() + ": ... and " + (ctx.countIsAtLeast(e.getKey()) ? "at least " : "") + more
                        + " more");
            }
        }
        for (String r : ctx.repairs()) {
            out().println("repaired " + r);
        }
        if (ctx.clean()) {
            out().println("the store is clean");
        } else {
            int total =
                    ctx.counts().values().stream().mapToInt(Integer::intValue).sum();
            out().println(total + " problem" + (total == 1 ? "" : "s") + " found"
                    + (repair ? "" : "; kiste fsck --repair hands orphans to the collector and marks lost content"));
            status = FAILED;
        }
    }
}
