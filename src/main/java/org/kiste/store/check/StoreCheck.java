package org.kiste.store.check;

import java.io.IOException;

/**
 * One invariant of the store that {@code kiste fsck} checks: small, independent of the others, and safe while the
 * server runs (every finding is read in one statement, or checked again before it is reported). A check that can
 * repair does so only when {@link CheckContext#repair()} asks, and never deletes anything itself.
 */
public interface StoreCheck {
    /** A short name the report prefixes its findings with, e.g. {@code blob-bytes}. */
    String name();

    void run(CheckContext ctx) throws IOException;
}
