package org.kiste.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.kiste.blob.InlineBlobs;

/**
 * The blob rows of a database snapshot, read from the dump itself ({@code --complete-insert --hex-blob}), so that
 * the backup copies exactly the blobs that snapshot names, and the dump's SHA-256, from the same one pass. Every row
 * whose bytes must be there is kept: live blobs (whatever names them: files, versions) and parked upload chunks.
 * Small files kept in their rows ({@link InlineBlobs}) are not listed: the dump holds their bytes.
 */
final class DumpedBlobs {
    /** One blob of the snapshot; {@code sha256} is null for a chunk (chunks are not content-addressed). */
    record Blob(String key, long size, byte[] sha256) {}

    static final int LIVE = 1;
    static final int CHUNK = 3;
    private static final String INSERT = "INSERT INTO `blob_object` (";

    final List<Blob> blobs = new ArrayList<>();
    byte[] dumpSha256;
    long dumpSize;

    private DumpedBlobs() {}

    static DumpedBlobs read(Path dump) throws IOException {
        DumpedBlobs out = new DumpedBlobs();
        MessageDigest md = sha256();
        try (InputStream raw = Files.newInputStream(dump);
                DigestInputStream in = new DigestInputStream(raw, md);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            List<String> columns = null;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(INSERT)) {
                    int close = line.indexOf(") VALUES ");
                    if (close < 0) {
                        throw new IOException("unexpected blob_object insert in the dump: " + abbreviated(line));
                    }
                    columns = new ArrayList<>();
                    for (String c : line.substring(INSERT.length(), close).split(",")) {
                        columns.add(c.strip().replace("`", ""));
                    }
                    line = line.substring(close + ") VALUES ".length());
                }
                if (columns != null) {
                    out.row(columns, line);
                    if (line.endsWith(";")) {
                        columns = null;
                    }
                }
            }
            // the reader may stop short of the end: read the rest for the digest and the size
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        out.dumpSha256 = md.digest();
        out.dumpSize = Files.size(dump);
        return out;
    }

    private void row(List<String> columns, String line) throws IOException {
        for (List<String> values : tuples(line)) {
            row(columns, values, line);
        }
    }

    private void row(List<String> columns, List<String> values, String line) throws IOException {
        if (values.size() != columns.size()) {
            throw new IOException("a blob_object row of the dump has " + values.size() + " values for " + columns.size()
                    + " columns: " + abbreviated(line));
        }
        int state = Integer.parseInt(values.get(columns.indexOf("state")));
        if (state != LIVE && state != CHUNK) {
            return;
        }
        String key = values.get(columns.indexOf("storage_key"));
        if (InlineBlobs.isInline(key)) {
            return; // a small file's bytes are in its row, in the dump itself
        }
        long size = Long.parseLong(values.get(columns.indexOf("size")));
        String sha = values.get(columns.indexOf("sha256"));
        blobs.add(new Blob(key, size, sha == null ? null : HexFormat.of().parseHex(sha.substring(2))));
    }

    /**
     * The values of the {@code (…)} tuples of a line: numbers and {@code 0x…} as written, strings unescaped, NULL as
     * null. Rows of blob_object hold no parentheses or commas outside strings.
     */
    static List<List<String>> tuples(String line) throws IOException {
        List<List<String>> out = new ArrayList<>();
        int start = line.indexOf('(');
        while (start >= 0) {
            List<String> values = new ArrayList<>();
            int end = tuple(line, start, values);
            out.add(values);
            start = line.indexOf('(', end);
        }
        if (out.isEmpty()) {
            throw new IOException("no row in the dump line: " + abbreviated(line));
        }
        return out;
    }

    /** Reads the tuple that opens at {@code start} into {@code values}; returns the index after its ')'. */
    private static int tuple(String line, int start, List<String> values) throws IOException {
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean wasString = false;
        for (int i = start + 1; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '\\' && i + 1 < line.length()) {
                    cur.append(line.charAt(++i));
                } else if (ch == '\'') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '\'') {
                quoted = true;
                wasString = true;
            } else if (ch == ',' || ch == ')') {
                String v = cur.toString();
                values.add(!wasString && v.strip().equalsIgnoreCase("NULL") ? null : wasString ? v : v.strip());
                cur.setLength(0);
                wasString = false;
                if (ch == ')') {
                    return i + 1;
                }
            } else {
                cur.append(ch);
            }
        }
        throw new IOException("a row of the dump ends early: " + abbreviated(line));
    }

    private static String abbreviated(String line) {
        return line.length() > 200 ? line.substring(0, 200) + " …" : line;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
