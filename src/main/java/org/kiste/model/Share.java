package org.kiste.model;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One share: who shared ({@code owner…}) which item (a node of a space, which keeps its id through MOVE), with
 * whom (a user, a group, or anyone with the link's {@code token}) and with which Nextcloud permission bits (see
 * {@link SharePermissions}).
 *
 * @param shareWith            the recipient's login or group name (null for links)
 * @param parentId             the received share this one reshares, or null
 */
public record Share(
        long id,
        ShareType type,
        long ownerUserId,
        String ownerLogin,
        String ownerDisplayName,
        long spaceId,
        long nodeId,
        boolean folder,
        Long shareWithUserId,
        Long shareWithGroupId,
        String shareWith,
        String shareWithDisplayName,
        int permissions,
        String token,
        String passwordHash,
        LocalDate expiresOn,
        String label,
        String note,
        boolean hideDownload,
        Long parentId,
        Instant createdAt) {

    public boolean hasPassword() {
        return passwordHash != null;
    }

    /** True when the share's expiry date has passed (it ends at the end of that day, UTC). */
    public boolean expired(LocalDate today) {
        return expiresOn != null && expiresOn.isBefore(today);
    }

    public String itemType() {
        return folder ? "folder" : "file";
    }
}
