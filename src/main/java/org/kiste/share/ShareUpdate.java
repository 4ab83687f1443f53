package org.kiste.share;

import java.time.LocalDate;
import java.util.Optional;

/**
 * Changes to a share; a null field stays as it is. {@code password} "" removes it; {@code expireDate} holds an
 * empty Optional to remove the date.
 */
public record ShareUpdate(
        Integer permissions,
        String password,
        Optional<LocalDate> expireDate,
        String label,
        String note,
        Boolean publicUpload,
        Boolean hideDownload) {

    public boolean isEmpty() {
        return permissions == null
                && password == null
                && expireDate == null
                && label == null
                && note == null
                && publicUpload == null
                && hideDownload == null;
    }
}
