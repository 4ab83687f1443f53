package org.kiste.share;

import java.time.LocalDate;
import org.kiste.model.FilePath;
import org.kiste.model.ShareType;

/**
 * What a new share should be: the item's path in the sharer's tree, the kind and recipient, and the optional
 * settings (null: the default). {@code publicUpload} makes a folder link read-write (15).
 */
public record ShareRequest(
        FilePath path,
        ShareType type,
        String shareWith,
        Integer permissions,
        String password,
        LocalDate expireDate,
        Boolean publicUpload,
        String label,
        String note) {}
