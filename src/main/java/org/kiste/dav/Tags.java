package org.kiste.dav;

import javax.xml.namespace.QName;

/**
 * The tags of the property names one multistatus writes, prepared as UTF-8 once per name: a listing writes the same
 * few names for every entry. Found by identity first (an answer passes the same name objects again and again), then
 * by equality; past {@link #MAX} names each further one is prepared when written, so memory stays bounded whatever
 * the names (dead properties bring their own).
 */
final class Tags {
    static final int MAX = 32;

    record Tag(QName name, byte[] open, byte[] empty, byte[] close) {}

    private final Tag[] known = new Tag[MAX];
    private int count;

    Tag of(QName name) {
        Tag[] k = known;
        int n = count;
        for (int i = 0; i < n; i++) {
            if (k[i].name() == name) {
                return k[i];
            }
        }
        for (int i = 0; i < n; i++) {
            if (k[i].name().equals(name)) {
                return k[i];
            }
        }
        Tag t = new Tag(
                name, Multistatus.startTag(name, false), Multistatus.startTag(name, true), Multistatus.endTag(name));
        if (n < MAX) {
            k[n] = t;
            count = n + 1;
        }
        return t;
    }
}
