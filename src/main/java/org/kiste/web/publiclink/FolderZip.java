package org.kiste.web.publiclink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.kiste.blob.BlobMissingException;
import org.kiste.blob.BlobReader;
import org.kiste.files.FilesService;
import org.kiste.files.Resolved;
import org.kiste.model.Node;
import org.kiste.model.Principal;

/**
 * A folder (of a link, or of a user on the web pages) as one zip archive, streamed. The tree is walked first (bounded in entries and depth), so a
 * folder too large to offer is refused before the first byte instead of ending in a cut-off archive.
 */
public final class FolderZip {
    /** Files and folders one archive holds at most. */
    static final int MAX_ENTRIES = 10_000;
    /** Deepest nesting walked. */
    static final int MAX_DEPTH = 64;

    /** One member: its name in the archive ({@code a/b/}, {@code a/b/c.txt}) and what it is. */
    private record Member(String name, Resolved item) {}

    /** Thrown when the folder holds more than {@link #MAX_ENTRIES} entries or nests deeper than {@link #MAX_DEPTH}. */
    public static final class TooLargeException extends Exception {
        TooLargeException() {
            super("folder too large for one archive", null, false, false);
        }
    }

    private final FilesService files;
    private final Principal visitor;
    private final List<Member> members = new ArrayList<>();

    private FolderZip(FilesService files, Principal visitor) {
        this.files = files;
        this.visitor = visitor;
    }

    /** Walks {@code folder}; the archive's entries are named below {@code rootName/}. */
    public static FolderZip of(FilesService files, Principal visitor, Resolved folder, String rootName)
            throws IOException, TooLargeException {
        FolderZip z = new FolderZip(files, visitor);
        z.walk(folder, entryName(rootName) + "/", 0);
        return z;
    }

    private void walk(Resolved folder, String prefix, int depth) throws IOException, TooLargeException {
        if (depth > MAX_DEPTH) {
            throw new TooLargeException();
        }
        members.add(new Member(prefix, folder));
        List<Resolved> sub = new ArrayList<>();
        boolean[] tooMany = {false};
        files.list(visitor, folder, 500, page -> {
            for (Node n : page) {
                if (members.size() + sub.size() >= MAX_ENTRIES) {
                    tooMany[0] = true;
                    return;
                }
                Resolved child = files.child(visitor, folder, n);
                if (n.isFolder()) {
                    sub.add(child);
                } else {
                    members.add(new Member(prefix + entryName(n.name()), child));
                }
            }
        });
        if (tooMany[0]) {
            throw new TooLargeException();
        }
        for (Resolved s : sub) {
            walk(s, prefix + entryName(s.node().name()) + "/", depth + 1);
        }
    }

    /**
     * One path segment as an archive may safely name it: no separator of any system ({@code /}, {@code \\}), no
     * drive ({@code :}), no control character, and never empty, {@code .} or {@code ..}, so that no unpacker can
     * be steered out of the folder it extracts to (whatever a name came in through).
     */
    static String entryName(String name) {
        StringBuilder b = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            boolean bad = cp == '/' || cp == '\\' || cp == ':' || cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
            b.appendCodePoint(bad ? '_' : cp);
        });
        String s = b.toString();
        return s.isBlank() || s.equals(".") || s.equals("..") ? "_" + s.replace('.', '_') : s;
    }

    /**
     * Writes the archive. Each file is opened when its turn comes and read to its end from the open file, so a
     * long archive holds one file at a time and what is purged meanwhile cannot cut it: a file whose content
     * changed since the walk is written as it is now, one deleted since is left out.
     */
    public void write(OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out); // UTF-8 names, flagged as such
        for (Member m : members) {
            if (m.item().isFolder()) {
                zip.putNextEntry(entry(m.name(), m.item()));
                zip.closeEntry();
                continue;
            }
            Resolved item = m.item();
            BlobReader content;
            try {
                content = files.open(visitor, item);
            } catch (BlobMissingException e) {
                // its content went since the walk: as it is now, if it is still there for this visitor
                Optional<Resolved> now = files.locate(visitor, item.id());
                if (now.isEmpty() || now.get().isFolder()) {
                    continue;
                }
                item = now.get();
                content = files.open(visitor, item);
            }
            try (BlobReader open = content) {
                zip.putNextEntry(entry(m.name(), item));
                if (open != null) {
                    try (InputStream in = open.stream(0, open.size())) {
                        in.transferTo(zip);
                    }
                }
            }
            zip.closeEntry();
        }
        zip.finish();
    }

    private static ZipEntry entry(String name, Resolved item) {
        ZipEntry e = new ZipEntry(name);
        e.setTime(item.node().mtime());
        return e;
    }
}
