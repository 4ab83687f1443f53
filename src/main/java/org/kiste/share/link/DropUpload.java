package org.kiste.share.link;

import java.io.IOException;
import java.io.InputStream;
import org.kiste.files.FilesService;
import org.kiste.files.Precondition;
import org.kiste.files.Resolved;
import org.kiste.files.WriteResult;
import org.kiste.model.AlreadyExistsException;
import org.kiste.model.FilePath;
import org.kiste.model.ForbiddenException;
import org.kiste.model.Perms;
import org.kiste.model.PreconditionFailedException;
import org.kiste.model.Principal;

/**
 * Stores an upload through a link without ever replacing what is there: when the name is taken (by a file or a
 * folder), the next free one of {@code name (2).ext}, {@code name (3).ext}… is used. The caller learns the name
 * it was stored under, but a door serving an upload-only link must not pass it on: it would tell that the
 * uploaded name existed. A quota refusal (507) passes through with nothing stored.
 */
public final class DropUpload {
    /** Names tried before the upload is refused. */
    static final int MAX_TRIES = 100;

    /** Where the bytes come from; a second call must give them again from the start, or throw. */
    @FunctionalInterface
    public interface Body {
        InputStream open() throws IOException;
    }

    /** Thrown when the body was used up by an attempt that lost a race for the name and cannot be given again. */
    public static final class BodyGoneException extends RuntimeException {
        public BodyGoneException() {
            super("another upload took the name at the same moment; try again", null, false, false);
        }
    }

    private DropUpload() {}

    /**
     * @param folder the folder to store into (in the visitor's tree); its permissions must allow creating
     * @param length the body's length, or -1
     * @return the stored file
     */
    public static WriteResult store(
            FilesService files,
            Principal visitor,
            Resolved folder,
            String name,
            Body body,
            long length,
            String clientType)
            throws IOException {
        folder.perms().require(Perms.CREATE, "upload here");
        String clean = FilePath.name(name);
        for (int n = 1; n <= MAX_TRIES; n++) {
            FilePath target = folder.path().child(n == 1 ? clean : numbered(clean, n));
            try (InputStream in = body.open()) {
                return files.put(visitor, target, in, length, null, clientType, MUST_NOT_EXIST);
            } catch (PreconditionFailedException | AlreadyExistsException e) {
                // taken: try the next name
            }
        }
        throw new ForbiddenException("no free name for " + clean);
    }

    private static final Precondition MUST_NOT_EXIST = current -> {
        if (current != null) {
            throw new PreconditionFailedException("exists");
        }
    };

    /** {@code report.pdf} → {@code report (2).pdf}; a leading dot is part of the name, not an extension. */
    static String numbered(String name, int n) {
        int dot = name.lastIndexOf('.');
        String suffix = " (" + n + ")";
        String out = dot > 0 ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
        // keep within the name limit by shortening the base
        while (out.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > FilePath.MAX_NAME_BYTES && dot > 1) {
            name = name.substring(0, dot - 1) + name.substring(dot);
            dot--;
            out = name.substring(0, dot) + suffix + name.substring(dot);
        }
        return out;
    }
}
