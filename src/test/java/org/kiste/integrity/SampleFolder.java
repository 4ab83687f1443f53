package org.kiste.integrity;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.kiste.testing.Dav;
import org.kiste.testing.MultiStatus;

/** A folder with a subfolder and three files of random content, to be found again byte for byte wherever it went. */
final class SampleFolder {
    private static final String[] FILES = {"one.bin", "two.bin", "sub/three.bin"};

    /** Contents by path below the folder. */
    final Map<String, byte[]> files = new LinkedHashMap<>();

    private SampleFolder() {}

    /** Creates it at {@code path} (encoded, relative to {@code d}'s home); sizes from 1 byte to 40 KiB. */
    static SampleFolder create(Dav d, String path, Random rnd) {
        SampleFolder f = new SampleFolder();
        expect(d.mkcol(path), 201, "MKCOL " + path);
        expect(d.mkcol(path + "/sub"), 201, "MKCOL " + path + "/sub");
        for (String name : FILES) {
            byte[] body = new byte[1 + rnd.nextInt(40 * 1024)];
            rnd.nextBytes(body);
            expect(d.sendBytes("PUT", d.url(path + "/" + name), body), 201, "PUT " + path + "/" + name);
            f.files.put(name, body);
        }
        return f;
    }

    long size() {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    /**
     * What is not at {@code path} as it was written: empty when every file is listed there with its size and reads
     * back identical. The listing comes first because folders are read from the database, while a GET may be
     * answered from the server's cache of resolved files for a moment after a change it did not hear of.
     */
    List<String> differencesAt(Dav d, String path) {
        List<String> out = new ArrayList<>();
        Map<String, String> listed = new HashMap<>();
        for (String folder : List.of(path, path + "/sub")) {
            HttpResponse<String> r = d.propfind(folder, "1", MultiStatus.propBody("getcontentlength"));
            if (r.statusCode() != 207) {
                out.add(folder + ": PROPFIND " + r.statusCode());
                continue;
            }
            for (MultiStatus.Response item : MultiStatus.parse(r).responses) {
                listed.put(item.path(), item.text("getcontentlength"));
            }
        }
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            String file = path + "/" + e.getKey();
            String length = listed.get(Dav.decode(d.home() + file));
            if (length == null) {
                out.add(file + ": not listed");
                continue;
            }
            if (!length.equals(Integer.toString(e.getValue().length))) {
                out.add(file + ": listed with " + length + " bytes, " + e.getValue().length + " were written");
            }
            HttpResponse<byte[]> r = d.sendBytes("GET", d.url(file), null);
            if (r.statusCode() != 200) {
                out.add(file + ": GET " + r.statusCode());
            } else if (!Arrays.equals(r.body(), e.getValue())) {
                out.add(file + ": " + r.body().length + " bytes differ from the " + e.getValue().length + " written");
            }
        }
        return out;
    }

    private static void expect(HttpResponse<?> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new AssertionError(what + ": " + r.statusCode() + " " + r.body());
        }
    }
}
