package org.kiste.blob;

import java.io.IOException;

/** No blob is stored under a key that metadata names: the store lost bytes it had acknowledged. */
public final class BlobMissingException extends IOException {
    public BlobMissingException(String key) {
        super("blob " + key + " is missing from the store");
    }
}
