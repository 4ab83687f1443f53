package org.kiste.blob;

import java.io.IOException;

/** The disk holding the blobs filled up (ENOSPC, or the file system's quota) while a body was stored; its bytes went. */
public class DiskFullException extends IOException {
    public DiskFullException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when {@code e} is the operating system saying there is no room left. */
    static boolean isNoSpace(IOException e) {
        String m = e.getMessage();
        return m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"));
    }
}
